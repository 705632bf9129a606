/**
 * Lazily imports TensorFlow.js (only when the first element connects or the
 * engine is first used), so importing the element is cheap and SSR-safe, and
 * picks the fastest backend that works on this device.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { loadGraphModel } from '@tensorflow/tfjs-converter';
import { defaultAssetUrls } from '../asset-urls.js';
import { StyleTransferError } from './errors.js';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export interface Runtime {
  tf: typeof TfCore;
  loadGraphModel: typeof loadGraphModel;
  backend: BackendName;
}

export interface RuntimeOptions {
  /** Force a backend instead of picking the fastest. */
  backend?: BackendName;
  /** Folder URL of tfjs-backend-wasm's `.wasm` files. */
  wasmPaths?: string;
}

let runtime: Promise<Runtime> | undefined;

/** The page's one TF.js runtime; the first caller's options choose its backend. */
export function loadRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  runtime ??= createRuntime(options).catch((error) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const [tf, converter, wasm] = await Promise.all([
    import('@tensorflow/tfjs-core'),
    import('@tensorflow/tfjs-converter'),
    import('@tensorflow/tfjs-backend-wasm'),
  ]);
  wasm.setWasmPaths(options.wasmPaths ?? defaultAssetUrls.wasm);
  for (const backend of options.backend ? [options.backend] : await preferredBackends()) {
    if (backend === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
    if (backend === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
    if (await tf.setBackend(backend).catch(() => false)) {
      return { tf, loadGraphModel: converter.loadGraphModel, backend };
    }
  }
  throw new StyleTransferError(
    'model-load',
    `no TensorFlow.js backend could start (tried ${options.backend ?? 'webgl, wasm, cpu'}); ` +
      'check that WebAssembly is allowed by the page’s Content-Security-Policy',
  );
}

/**
 * A hardware GPU makes WebGL fastest; a software rasteriser (SwiftShader,
 * llvmpipe) makes it 10–30× slower than WebAssembly, so wasm goes first then.
 */
async function preferredBackends(): Promise<BackendName[]> {
  return hasHardwareWebGl() ? ['webgl', 'wasm', 'cpu'] : ['wasm', 'webgl', 'cpu'];
}

function hasHardwareWebGl(): boolean {
  if (typeof OffscreenCanvas === 'undefined') return false;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer !== '' && !/swiftshader|llvmpipe|software|basic render/i.test(renderer);
}
