/**
 * A Stylizer that runs in the page's one module Web Worker, so that inference
 * never blocks scrolling, typing or animations. Requests and results cross as
 * plain data (the result's pixels transferred, not copied); cancellation
 * crosses as a message. If the worker cannot start, it runs in the page instead.
 * A live loop may add a second lane: a worker of its own, for every other frame.
 */
import { defaultModelUrls, defaultWasmUrls, workerUrl } from '../asset-urls.js';
import { abortedError, StyleTransferError } from '../internal/errors.js';
import { DEFAULT_BACKEND } from '../internal/tf-runtime.js';
import { releaseModelFiles } from '../models/load-model.js';
import { isModelSetUrl } from '../models/model-set-descriptor.js';
import { type ImageInput, parseUrl, sourceKey } from './image-source.js';
import { startModuleWorker } from './module-worker.js';
import type { LiveLane } from './live.js';
import type { EngineOptions } from './style-transfer-engine.js';
import { Stylizer } from './stylizer.js';
import { Superseding } from './superseding.js';
import type { StylizeOptions, StylizeProgress, StylizeRequest, StylizeResult } from './stylize-request.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

type Answer = Extract<FromWorker, { kind: 'done' }>['value'];
interface PendingRun {
  resolve(value: Answer): void;
  reject(error: Error): void;
  onProgress?(progress: StylizeProgress): void;
}

/**
 * Whether runs for these options go to the worker: it needs module workers, OffscreenCanvas and
 * createImageBitmap, and it runs the WebAssembly backend only. A page that asks for WebGPU, WebGL or the CPU
 * backend runs the networks on its main thread.
 */
export function workerSupported(options: EngineOptions = {}): boolean {
  const apis = typeof Worker !== 'undefined' && typeof OffscreenCanvas !== 'undefined' && typeof createImageBitmap !== 'undefined';
  return apis && (options.backend ?? DEFAULT_BACKEND) === 'wasm';
}

interface TrustedTypes {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown };
}

let policy: { createScriptURL(url: string): unknown } | undefined;

/**
 * A worker URL through a Trusted Types policy named `style-transfer` where the browser has Trusted Types (a page
 * that enforces them, with `trusted-types style-transfer` allowed, blocks a plain URL). The policy passes the
 * package's own worker file, or a same-origin blob: module that imports it (startModuleWorker), and nothing else.
 */
function trustedWorkerUrl(url: string): string {
  const factory = (globalThis as { trustedTypes?: TrustedTypes }).trustedTypes;
  if (!factory) return url;
  try {
    // Once per page: a second policy of the same name is refused where the page does not allow duplicates.
    policy ??= factory.createPolicy('style-transfer', {
      createScriptURL: (candidate) => {
        if (candidate !== workerUrl().href && !candidate.startsWith(`blob:${location.origin}/`)) {
          throw new TypeError(`the style-transfer policy only allows ${workerUrl().href}`);
        }
        return candidate;
      },
    });
    return policy.createScriptURL(url) as string;
  } catch {
    return url; // the page does not allow the policy: the worker cannot start, and runs go to the main thread
  }
}

/**
 * WebAssembly's heap never shrinks: a worker whose heap grew past this is retired once idle, and the next run
 * starts a fresh one. Through direct-conv.ts an untiled 2048² run needs about 0.6 GB (1024²: 0.15 GB); where
 * XNNPACK runs the convolutions (no relaxed SIMD), 1024² needs 0.45 GB and a tiled run of any size about 0.5 GB.
 */
export const HEAP_TO_HAND_BACK = 5e8;

/** The page's worker, started on first use; rejects if it cannot start. */
let pageWorker: Promise<StylizerWorker> | undefined;
let nextId = 0;

/** A started worker script and the runs under way in it: the page's worker, or a live loop's second lane. */
class StylizerWorker {
  private readonly runs = new Map<number, PendingRun>();
  private retired = false;

  constructor(
    private readonly worker: Worker,
    /** Called once this worker is retired or closed: the page's worker is then forgotten. */
    private readonly onRetired: () => void,
  ) {
    worker.addEventListener('message', ({ data }: MessageEvent<FromWorker>) => this.receive(data));
  }

  static start(onRetired: () => void = () => {}): Promise<StylizerWorker> {
    return new Promise((resolve, reject) => {
      const worker = startModuleWorker(workerUrl(), trustedWorkerUrl);
      const started = ({ data }: MessageEvent<FromWorker>) => {
        if (data.kind !== 'ready') return;
        worker.removeEventListener('message', started);
        resolve(new StylizerWorker(worker, onRetired));
      };
      worker.addEventListener('message', started);
      const failed = (event: ErrorEvent) => {
        // Handled here (the page falls back to its main thread and says so once), not an uncaught error of the page's.
        event.preventDefault();
        reject(new Error(event.message || 'the style-transfer worker could not start'));
      };
      worker.addEventListener('error', failed, { once: true });
    });
  }

  call(message: ToWorker & { run: number }, transfer: Transferable[], signal?: AbortSignal, onProgress?: PendingRun['onProgress']): Promise<Answer> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortedError());
      if (this.retired) return reject(new StyleTransferError('inference', 'the worker was stopped'));
      this.runs.set(message.run, { resolve, reject, onProgress });
      signal?.addEventListener('abort', () => this.abort(message.run), { once: true });
      try {
        this.worker.postMessage(message, transfer);
      } catch (error) {
        this.runs.delete(message.run);
        reject(error);
      }
    });
  }

  post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private abort(run: number): void {
    const pending = this.runs.get(run);
    if (!pending) return;
    this.runs.delete(run);
    this.worker.postMessage({ kind: 'abort', run } satisfies ToWorker);
    pending.reject(abortedError());
  }

  private receive(message: FromWorker): void {
    if (message.kind === 'ready') return;
    const pending = this.runs.get(message.run);
    if (message.kind === 'progress') return pending?.onProgress?.(message.progress);
    this.runs.delete(message.run);
    if (message.kind === 'done') {
      pending?.resolve(message.value);
      // A huge run grew the heap for good: hand that memory back once nothing else is running.
      if (message.heapBytes > HEAP_TO_HAND_BACK && !this.runs.size) this.retire();
      return;
    }
    pending?.reject(new StyleTransferError(message.error.type, message.error.message));
    if (message.error.type === 'inference') this.retire();
  }

  /**
   * The page gets a fresh worker for its next run, and this one's memory goes back to the system: after a
   * network failed while running (a WebAssembly trap poisons every later run), or a huge run.
   */
  private retire(): void {
    this.close(new StyleTransferError('inference', 'the worker was restarted after a failed run: run again'));
  }

  /** Stops the worker (its memory goes back to the system); runs under way reject with `reason`. */
  close(reason: Error = abortedError()): void {
    if (this.retired) return;
    this.retired = true;
    this.onRetired();
    this.worker.terminate();
    for (const pending of this.runs.values()) pending.reject(reason);
    this.runs.clear();
  }
}

/**
 * Frees every model file this page has loaded, on the main thread and in its worker, to hand their memory
 * back (e.g. once a view with style transfer is gone). Call it when no run is under way: a run then would
 * fail. The next run loads what it needs again.
 */
export async function releaseModels(): Promise<void> {
  await releaseModelFiles();
  const worker = await pageWorker?.catch(() => undefined);
  await worker?.call({ kind: 'release', run: nextId++ }, []);
}

/** Tells the worker to drop the caches of a WorkerStylizer the page no longer holds. */
const disposer = typeof FinalizationRegistry === 'undefined' ? undefined : new FinalizationRegistry<number>((client) => {
  pageWorker?.then((worker) => worker.post({ kind: 'dispose', client }), () => {});
});

export class WorkerStylizer {
  private readonly client = nextId++;
  private readonly options: EngineOptions;
  private fallback?: Stylizer;
  private readonly runs = new Superseding();
  /** A second lane's worker: its runs go there, not to the page's, and fail (rather than run in the page) where it cannot start. */
  private ownWorker?: Promise<StylizerWorker>;

  constructor(options: EngineOptions = {}) {
    this.options = absoluteOptions(options);
    disposer?.register(this, this.client);
  }

  /**
   * A second lane for a live loop: the same settings, in a worker of its own (which loads its own copy of the
   * models), so that two frames are stylized at once where each worker computes on one thread. Close it when done.
   */
  secondLane(): LiveLane {
    const started = StylizerWorker.start();
    started.catch(() => {}); // reported by the lane's first run
    const lane = new WorkerStylizer(this.options);
    lane.ownWorker = started;
    return {
      stylize: (request, options) => lane.stylize(request, options),
      close: () => void started.then((worker) => worker.close(), () => {}),
    };
  }

  /** Starts the worker, TF.js and a model set now, so that the first run starts sooner. */
  async preload(model?: string): Promise<void> {
    const worker = await this.worker();
    if (worker) await worker.call({ kind: 'preload', client: this.client, run: nextId++, options: this.options, model }, []);
    else await this.fallback!.preload(model);
  }

  /** Tensors alive in the worker's TF.js runtime (for leak checks). */
  async numTensors(): Promise<number> {
    const worker = await this.worker();
    if (!worker) return this.fallback!.numTensors();
    return (await worker.call({ kind: 'tensors', client: this.client, run: nextId++, options: this.options }, [])) as number;
  }

  /** As Stylizer.stylize; a newer call supersedes the one still running. */
  stylize(request: StylizeRequest, { signal, onProgress }: StylizeOptions = {}): Promise<StylizeResult> {
    return this.runs.run(signal, async (runSignal) => {
      const worker = await this.worker();
      if (!worker) return this.fallback!.stylize(request, { signal: runSignal, onProgress });
      const { portable, written, made } = await portableRequest(request);
      const keys = { content: sourceKey(request.content), styles: request.styles.map(({ src }) => src && sourceKey(src)) };
      const message = { kind: 'stylize', client: this.client, run: nextId++, options: this.options, request: portable, keys } as const;
      // The bitmaps read from elements are ours: they move to the worker instead of being copied (a video's frame, each frame).
      return (await worker.call(message, made, runSignal, onProgress).catch((error) => rethrow(error, written))) as StylizeResult;
    });
  }

  /** The page's worker, or undefined (and an in-page Stylizer) where it cannot start; or this stylizer's own worker. */
  private async worker(): Promise<StylizerWorker | undefined> {
    if (this.ownWorker) return this.ownWorker;
    if (this.fallback) return undefined;
    try {
      return await (pageWorker ??= StylizerWorker.start(() => (pageWorker = undefined)).catch((error) => {
        console.warn('<style-transfer>: the worker could not start, so stylization runs on the main thread:', error);
        throw error;
      }));
    } catch {
      this.fallback = new Stylizer(this.options);
      return undefined;
    }
  }
}

/**
 * The worker has another base URL and its own import.meta.url: give it absolute URLs for everything. It runs
 * WebAssembly (see workerSupported): saying so spares it probing for a GPU again (about 20 ms of its start).
 */
function absoluteOptions(options: EngineOptions): EngineOptions {
  const absolute = (url: string) => new URL(url, location.href).href;
  const { modelBaseUrl, wasmPaths } = options;
  return {
    ...options,
    backend: options.backend ?? 'wasm',
    ...(modelBaseUrl === undefined
      ? { modelUrls: Object.fromEntries(Object.entries(defaultModelUrls).map(([path, url]) => [path, url().href])) }
      : { modelBaseUrl: absolute(modelBaseUrl) }),
    wasmPaths: typeof wasmPaths === 'string' ? absolute(wasmPaths) : (wasmPaths ?? defaultWasmUrls()),
  };
}

/**
 * URLs made absolute; elements (img, canvas, video) read into ImageBitmaps, which can cross to the
 * worker (`made`: those bitmaps). `written` maps each absolute URL back to the page's own text, for error messages.
 */
async function portableRequest(request: StylizeRequest): Promise<{ portable: StylizeRequest; written: Map<string, string>; made: ImageBitmap[] }> {
  const written = new Map<string, string>();
  const made: ImageBitmap[] = [];
  const absolute = (url: string | URL): string => {
    // An invalid URL crosses as written, for the worker to report.
    const href = parseUrl(url)?.href ?? String(url);
    written.set(href, String(url));
    return href;
  };
  const portable = async (input: ImageInput, errorType: 'content-load' | 'style-load'): Promise<ImageInput> => {
    if (typeof input === 'string' || input instanceof URL) return absolute(input);
    if (input instanceof Blob || input instanceof ImageBitmap) return input;
    try {
      const bitmap = await createImageBitmap(input);
      made.push(bitmap);
      return bitmap;
    } catch (error) {
      throw new StyleTransferError(errorType, 'the image could not be read (is it loaded, and same-origin or served with CORS?)', { cause: error });
    }
  };
  const styles = await Promise.all(
    request.styles.map(async (style) => (style.src === undefined ? style : { ...style, src: await portable(style.src, 'style-load') })),
  );
  const model = request.model && isModelSetUrl(request.model) ? absolute(request.model) : request.model;
  return { portable: { ...request, content: await portable(request.content, 'content-load'), styles, model }, written, made };
}

/** Errors name URLs as the page wrote them; an image that cannot be posted to the worker is cross-origin without CORS. */
function rethrow(error: unknown, written: Map<string, string>): never {
  if (error instanceof DOMException && error.name === 'DataCloneError') {
    throw new StyleTransferError('content-load', 'the image is cross-origin and not served with CORS, so it cannot be read', { cause: error });
  }
  if (!(error instanceof StyleTransferError)) throw error;
  let message = error.message;
  for (const [absolute, text] of written) message = message.replaceAll(`"${absolute}"`, `"${text}"`);
  throw new StyleTransferError(error.type, message, { cause: error.cause });
}
