/**
 * Lazily imports TensorFlow.js (only when the first element connects or the
 * engine is first used), so importing the element is cheap and SSR-safe, and
 * starts its backend (WebAssembly unless the page asks for another).
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { loadGraphModel, registerOp } from '@tensorflow/tfjs-converter';
import { defaultWasmUrls, type WasmBinary } from '../asset-urls.js';
import { StyleTransferError } from './errors.js';
import { isTrustedTypesError, POLICY_NAME } from './trusted-script-url.js';

export const BACKENDS = ['wasm', 'webgpu', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface Runtime {
  tf: typeof TfCore;
  loadGraphModel: typeof loadGraphModel;
  registerOp: typeof registerOp;
  backend: BackendName;
  /** Threads the backend computes on: more than 1 only for WebAssembly on a cross-origin isolated page. */
  threads: number;
  /** Whether the GPU context or device under the backend is gone (WebGL, WebGPU): a result read now is garbage. */
  contextLost(): boolean;
}

export interface RuntimeOptions {
  /** Force a backend instead of WebAssembly (see DEFAULT_BACKEND). */
  backend?: BackendName;
  /** Folder URL of tfjs-backend-wasm's `.wasm` files, or each file's URL; default: the copies the package ships. */
  wasmPaths?: string | Record<WasmBinary, string>;
}

let runtime: Promise<Runtime> | undefined;
/** tfjs-backend-wasm takes no second start on a page once one failed: later runs report the first failure. */
let wasmFailed: StyleTransferError | undefined;

/** TF.js once a runtime has started on this thread. */
let started: Runtime['tf'] | undefined;

/** Bytes the WebAssembly heap has grown to (it never shrinks); 0 before a runtime starts, and for other backends. */
export function wasmHeapBytes(): number {
  return (started?.backend() as { wasm?: { HEAPU8?: Uint8Array } } | undefined)?.wasm?.HEAPU8?.byteLength ?? 0;
}

/**
 * Whether this thread's runtime still computes (true before one starts): after a run failed inside
 * WebAssembly (a trap, memory that could not grow), a small convolution shows whether later runs can work.
 */
export async function runtimeComputes(): Promise<boolean> {
  if (!started) return true;
  const tf = started;
  try {
    const result = tf.tidy(() => tf.conv2d(tf.ones([1, 4, 4, 2]) as TfCore.Tensor4D, tf.ones([3, 3, 2, 1]) as TfCore.Tensor4D, 1, 'same'));
    const values = await result.data();
    result.dispose();
    return values[5] === 18; // an inner pixel: 3 × 3 taps × 2 channels of ones
  } catch {
    return false;
  }
}

/** Set when the WebGL context or WebGPU device is lost between runs: the next run reports it, the one after starts afresh. */
let lostContext: StyleTransferError | undefined;

export const contextLostError = (backend: BackendName) =>
  new StyleTransferError(
    'context-lost',
    `the ${backend === 'webgpu' ? 'WebGPU device' : 'WebGL context'} was lost (the GPU was reset, or the browser reclaimed it); the next run starts afresh`,
  );

/** The page's one TF.js runtime; the first caller's options choose its backend. */
export function loadRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const lost = lostContext;
  lostContext = undefined;
  if (lost) return Promise.reject(lost);
  runtime ??= createRuntime(options).catch((error) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const backend = options.backend ?? DEFAULT_BACKEND;
  const [tf, converter, wasm] = await Promise.all([
    import('@tensorflow/tfjs-core'),
    import('@tensorflow/tfjs-converter'),
    backend === 'wasm' ? import('@tensorflow/tfjs-backend-wasm') : BACKEND_MODULES[backend]().then(() => undefined),
  ]);
  const wasmPaths = options.wasmPaths ?? defaultWasmUrls();
  if (wasm) {
    if (wasmFailed) throw new StyleTransferError('backend', `${wasmFailed.message} (reload the page once that is fixed)`);
    wasm.setWasmPaths(wasmPaths);
  }
  // What the realm's policy refused while the backend started (Trusted Types, worker-src): a failure names it.
  // The threaded build waits for its thread workers for ever: one that the policy refuses ends the wait.
  const violated = new Set<string>();
  let threadsRefused = false;
  const refused = new Promise<false>((resolve) => (threadWorkerFailed = () => resolve(!(threadsRefused = true))));
  const hear = (event: Event) => {
    const { effectiveDirective, blockedURI } = event as SecurityPolicyViolationEvent;
    violated.add(effectiveDirective);
    if (/^(worker|script)-src/.test(effectiveDirective) && blockedURI.startsWith('blob')) threadWorkerFailed?.();
  };
  globalThis.addEventListener?.('securitypolicyviolation', hear);
  const ready = await Promise.race([tf.setBackend(backend).catch(() => false), refused]);
  if (!ready) await new Promise((resolve) => setTimeout(resolve)); // violations are reported in a task of their own
  globalThis.removeEventListener?.('securitypolicyviolation', hear);
  threadWorkerFailed = undefined;
  if (ready) {
    const { loadGraphModel, registerOp } = converter;
    started = tf;
    return { tf, loadGraphModel, registerOp, backend, threads: wasm?.getThreadsCount() ?? 1, contextLost: startAfreshWhenLost(tf, backend) };
  }
  if (wasm) throw (wasmFailed = await wasmFailure(tf, wasmPaths, violated, threadsRefused));
  const why = backend === 'webgpu' && !(await webGpuAdapter()) ? ': it offers no WebGPU adapter (WebGPU needs a secure context and a supported GPU)' : '';
  throw new StyleTransferError('backend', `the TensorFlow.js "${backend}" backend could not start in this browser${why}`);
}

/** Set while a backend starts: ends the start where one of its threads' workers failed to load. */
let threadWorkerFailed: (() => void) | undefined;

/**
 * Says that a worker started in this realm failed to load (a plain `error` event, not an ErrorEvent: its policy
 * refused it, where a blob: URL cannot be missing). Chromium also reports a violation for it, Firefox only this.
 * The worker script hears it of every worker it starts (stylizer.worker.ts).
 */
export function reportWorkerLoadFailure(): void {
  threadWorkerFailed?.();
}

/** The backends other than WebAssembly, each imported only when a page picks it. */
const BACKEND_MODULES: Record<Exclude<BackendName, 'wasm'>, () => Promise<unknown>> = {
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

/** The priorities TF.js's GPU backends register with, kept when one is registered again after a loss. */
const GPU_PRIORITIES: Partial<Record<BackendName, number>> = { webgpu: 3, webgl: 2 };

interface GpuAdapter {
  /** Where the browser knows it (Chrome 136 and later); older browsers say so on the adapter. */
  info?: { isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

async function webGpuAdapter(): Promise<GpuAdapter | null | undefined> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<GpuAdapter | null> } } | undefined)?.gpu;
  return gpu?.requestAdapter().catch(() => null);
}

let hardwareAdapter: Promise<boolean> | undefined;

/**
 * Whether the browser offers WebGPU on a GPU: not a fallback adapter (a software one, such as SwiftShader).
 * Asked once per page: where there is none, Chrome logs "No available adapters." for every request.
 */
export function hardwareWebGpu(): Promise<boolean> {
  return (hardwareAdapter ??= webGpuAdapter().then((adapter) => !!adapter && !(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false)));
}

/**
 * A lost WebGL context or WebGPU device takes every texture and buffer (weights included) with it, and TF.js's
 * backend cannot get them back: drop the runtime, so that the next run after the one that reports the loss
 * builds a new backend on a new context or device (and loads the models into it). Returns whether it is lost.
 */
function startAfreshWhenLost(tf: Runtime['tf'], backend: BackendName): () => boolean {
  const priority = GPU_PRIORITIES[backend];
  if (priority === undefined) return () => false;
  let lost = false;
  const startAfresh = () => {
    lost = true;
    runtime = undefined;
    lostContext = contextLostError(backend);
    const factory = tf.findBackendFactory(backend);
    tf.removeBackend(backend);
    tf.registerBackend(backend, factory, priority);
  };
  const gpu = tf.backend() as { gpgpu?: { gl: WebGLRenderingContext }; device?: { lost: Promise<unknown> } };
  if (gpu.device) gpu.device.lost.then(startAfresh);
  else gpu.gpgpu?.gl.canvas.addEventListener('webglcontextlost', startAfresh, { once: true });
  return () => lost || (gpu.gpgpu?.gl.isContextLost() ?? false);
}

/**
 * A runtime's backend unless its caller picks another: WebAssembly, whose first result comes soon with nothing
 * compiled. Even on a fast GPU, WebGPU's first result waits for its pipelines and WebGL's for its shaders (again
 * at each new size), and a software GPU (SwiftShader, llvmpipe) is far slower than WebAssembly (measurements:
 * docs/design.md#measurements-behind-the-code).
 * A GPU backend is tried only after a first result (AdaptiveStylizer), and a wasm failure is reported, not hidden.
 */
export const DEFAULT_BACKEND: BackendName = 'wasm';

/**
 * Says why the wasm backend did not start: the binary it wanted is missing, the policy forbids compiling it, or
 * (on a cross-origin isolated page) it refused the workers of its threads. `violated`: the policy's directives
 * that were reported violated during the start.
 */
async function wasmFailure(
  tf: Runtime['tf'],
  wasmPaths: string | Record<WasmBinary, string>,
  violated: Set<string>,
  threadsRefused: boolean,
): Promise<StyleTransferError> {
  const [simd, threads] = await Promise.all(['WASM_HAS_SIMD_SUPPORT', 'WASM_HAS_MULTITHREAD_SUPPORT'].map((flag) => tf.env().getAsync(flag)));
  const binary: WasmBinary = simd ? (threads ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm') : 'tfjs-backend-wasm.wasm';
  const url = typeof wasmPaths === 'string' ? new URL(binary, new URL(wasmPaths, globalThis.location?.href)).href : wasmPaths[binary];
  const fix = 'serve the .wasm files of @tensorflow/tfjs-backend-wasm 4.22 there (the package ships them in dist/assets/wasm/), or set wasm-base-url to a folder that holds them';
  const status = await fetch(url, { method: 'HEAD' }).then(
    (response) => (response.ok ? undefined : `the server answered ${response.status} ${response.statusText}`.trim()),
    () => 'the request failed (network, or the server does not allow cross-origin access)',
  );
  if (status) return new StyleTransferError('backend', `the WebAssembly backend could not load ${url}: ${status}; ${fix}`);
  if (!compilesWebAssembly()) {
    return new StyleTransferError(
      'backend',
      `the WebAssembly backend could not start although ${url} loads: allow 'wasm-unsafe-eval' in the page's Content-Security-Policy (script-src)`,
    );
  }
  const refused = simd && threads && typeof Worker !== 'undefined' ? threadWorkersRefused(violated, threadsRefused) : undefined;
  return new StyleTransferError('backend', `the WebAssembly backend could not start although ${url} loads and compiles: ${refused || 'see the browser console for why'}`);
}

/** Whether this realm may compile WebAssembly (a policy without 'wasm-unsafe-eval' forbids it): the smallest module. */
function compilesWebAssembly(): boolean {
  try {
    new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    return true;
  } catch {
    return false;
  }
}

/**
 * Why the threaded build's workers (plain blob: workers, as TF.js starts them) were refused, if they were: from the
 * violations reported, or from starting one the same way.
 */
function threadWorkersRefused(violated: Set<string>, failedToLoad: boolean): string | undefined {
  const inWorker = 'WorkerGlobalScope' in globalThis;
  const whose = inWorker ? ` (a worker's policy is the one its script's response carries; see docs/csp.md)` : ' (see docs/csp.md)';
  const trustedTypes = inWorker
    ? `Trusted Types are enforced in the worker and refused the blob: workers of its WebAssembly threads: allow the ${POLICY_NAME} policy in the trusted-types directive${whose}`
    : `Trusted Types are enforced on the page and refuse the WebAssembly threads that TF.js starts on the main thread from plain blob: URLs; in the element's worker they work (a console warning said why it did not start; see docs/csp.md)`;
  const workerSrc = `the Content-Security-Policy refused the workers of its WebAssembly threads: allow blob: in worker-src${whose}`;
  if (violated.has('require-trusted-types-for') || violated.has('trusted-types')) return trustedTypes;
  if (failedToLoad || violated.has('worker-src') || violated.has('script-src') || violated.has('script-src-elem')) return workerSrc;
  const url = URL.createObjectURL(new Blob([''], { type: 'text/javascript' }));
  try {
    new Worker(url).terminate();
    return undefined;
  } catch (error) {
    return isTrustedTypesError(error) ? trustedTypes : `${workerSrc} (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    URL.revokeObjectURL(url);
  }
}
