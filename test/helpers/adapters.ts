/**
 * WebGPU adapters for the backend="auto" tests. This machine's WebGPU is SwiftShader's: a fallback adapter, and
 * far slower than WebAssembly. `watchAdapters` counts the page's adapter requests and, with `hardware`, presents
 * the real adapter as not a fallback: its runs are still SwiftShader's, real and slow.
 */
import type { StylizeRequest } from '../../src/engine/index.js';
import { loadRuntime } from '../../src/internal/tf-runtime.js';
import { contentImages, styleImages } from './images.js';

const [, , , beach] = contentImages;
const [, , stripes] = styleImages;
export const SIDE = 64;
export const smallRequest: StylizeRequest = { content: beach, styles: [{ src: stripes }], maxSize: SIDE, styleSize: SIDE };

interface Adapter {
  info: { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter?: boolean };
}
const gpu = (navigator as Navigator & { gpu: { requestAdapter(): Promise<Adapter | null> } }).gpu;
const requestAdapter = gpu.requestAdapter;

/** Adapter requests since the last `watchAdapters`; `answered`: how many of them the browser has answered. */
export const adapterRequests = { count: 0, answered: 0 };
const answers = new EventTarget();

export function watchAdapters({ hardware }: { hardware: boolean }): void {
  adapterRequests.count = 0;
  adapterRequests.answered = 0;
  gpu.requestAdapter = async function () {
    adapterRequests.count++;
    const adapter = await requestAdapter.call(gpu).finally(() => (adapterRequests.answered++, answers.dispatchEvent(new Event('answer'))));
    if (!hardware || !adapter) return adapter;
    const { vendor, architecture, device, description } = adapter.info;
    const info = { vendor, architecture, device, description, isFallbackAdapter: false };
    return new Proxy(adapter, {
      get: (target, key) => {
        if (key === 'info') return info;
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
}

/**
 * Resolves once the page has asked for an adapter and the browser has answered every request so far, and a task
 * later: whoever asked has then acted on its answer (with a fallback adapter, that ends WebGPU's trial). Rejects
 * after `timeoutMs` (a safety net) if that has not happened.
 */
export async function adapterRequestsAnswered(timeoutMs = 30_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no adapter request answered within ${timeoutMs} ms (${adapterRequests.count} asked)`)), timeoutMs);
  });
  try {
    while (!adapterRequests.count || adapterRequests.answered < adapterRequests.count) {
      await Promise.race([new Promise((resolve) => answers.addEventListener('answer', resolve, { once: true })), late]);
    }
  } finally {
    clearTimeout(timer);
  }
  // Promise jobs run before the next task: by then every reaction to the answers has run.
  await new Promise((resolve) => setTimeout(resolve));
}

export function restoreAdapters(): void {
  gpu.requestAdapter = requestAdapter;
}

/** Destroys the WebGPU device under the page's TF.js runtime, as a GPU reset would take it. */
export async function loseWebGpuDevice(): Promise<void> {
  const { tf } = await loadRuntime();
  const device = (tf.backend() as unknown as { device: { destroy(): void; lost: Promise<unknown> } }).device;
  device.destroy();
  await device.lost;
}

export const webGpuModuleLoaded = () => performance.getEntriesByType('resource').some(({ name }) => name.includes('tfjs-backend-webgpu'));
