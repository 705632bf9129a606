/**
 * backend="auto", the default: WebAssembly in the worker first, WebGPU once it has earned it on the device.
 * This machine's WebGPU is SwiftShader's: a fallback adapter, and far slower than WebAssembly. The tests that
 * need a hardware adapter present the real one as not a fallback; its runs are still SwiftShader's, real and
 * slow, so the pictures are small. One file, in this order: the main thread's TF.js runtime is page-wide.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { AdaptiveStylizer, type StylizeRequest, WorkerStylizer } from '../src/engine/index.js';
import { loadRuntime } from '../src/internal/tf-runtime.js';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import '../src/style-transfer/style-transfer.js';
import { contentImages, meanAbsDiff, styleImages } from './helpers/images.js';

const [, , , beach] = contentImages;
const [, , stripes] = styleImages;
const SIDE = 64;
const request: StylizeRequest = { content: beach, styles: [{ src: stripes }], maxSize: SIDE, styleSize: SIDE };

interface Adapter {
  info: { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter?: boolean };
}
const gpu = (navigator as Navigator & { gpu: { requestAdapter(): Promise<Adapter | null> } }).gpu;
const requestAdapter = gpu.requestAdapter;
let adapterRequests = 0;

/** Counts adapter requests; with `hardware`, the adapter (SwiftShader's) says it is not a fallback. */
function watchAdapters({ hardware }: { hardware: boolean }) {
  gpu.requestAdapter = async function () {
    adapterRequests++;
    const adapter = await requestAdapter.call(gpu);
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

const webGpuModuleLoaded = () => performance.getEntriesByType('resource').some(({ name }) => name.includes('tfjs-backend-webgpu'));

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  for (const start = performance.now(); !condition(); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (performance.now() - start > ms) throw new Error(`not within ${ms} ms`);
  }
}

describe('backend="auto" (the default)', function () {
  this.timeout(180_000);
  afterEach(() => (gpu.requestAdapter = requestAdapter));

  it('the element: after its first result it looks for a WebGPU adapter; backend="wasm" never does', async () => {
    watchAdapters({ hardware: false });
    adapterRequests = 0;
    const wasm = await fixture<StyleTransferElement>(html`<style-transfer backend="wasm" max-size=${SIDE} content-src=${beach} style-src=${stripes}></style-transfer>`);
    expect((await oneEvent(wasm, 'stylized')).detail).to.include({ backend: 'wasm', thread: 'worker' });
    const rerun = oneEvent(wasm, 'stylized');
    wasm.strength = 0.5;
    await rerun;
    expect(adapterRequests).to.equal(0);

    const auto = await fixture<StyleTransferElement>(html`<style-transfer max-size=${SIDE} content-src=${beach} style-src=${stripes}></style-transfer>`);
    expect((await oneEvent(auto, 'stylized')).detail).to.include({ backend: 'wasm', thread: 'worker' });
    await until(() => adapterRequests > 0);
  });

  it('a software WebGPU (a fallback adapter): WebAssembly keeps the runs, and nothing of WebGPU is loaded', async () => {
    const adaptive = new AdaptiveStylizer();
    expect(await adaptive.stylize(request)).to.include({ backend: 'wasm', thread: 'worker' });
    expect(await adaptive.decided).to.equal('wasm');
    expect(await adaptive.stylize({ ...request, strength: 0.5 })).to.include({ backend: 'wasm' });
    expect(webGpuModuleLoaded()).to.equal(false);
  });

  it('a hardware adapter whose WebGPU is slower than WebAssembly: the trial runs, and WebAssembly keeps the runs', async () => {
    watchAdapters({ hardware: true });
    const adaptive = new AdaptiveStylizer();
    expect(await adaptive.stylize(request)).to.include({ backend: 'wasm', thread: 'worker' });
    expect(await adaptive.decided).to.equal('wasm');
    expect((await loadRuntime()).backend, 'the trial started WebGPU on the main thread').to.equal('webgpu');
    expect(await adaptive.stylize({ ...request, strength: 0.5 })).to.include({ backend: 'wasm', thread: 'worker' });
  });

  describe('switchWhen: "same-picture" (WebGPU takes over wherever it paints what WebAssembly paints)', () => {
    const adaptive = new AdaptiveStylizer({}, { switchWhen: 'same-picture' });

    it('later runs go to WebGPU on the main thread: the same picture, no tensor left behind', async () => {
      watchAdapters({ hardware: true });
      const first = await adaptive.stylize(request);
      expect(first).to.include({ backend: 'wasm', thread: 'worker' });
      expect(await adaptive.decided).to.equal('webgpu');
      const next = await adaptive.stylize(request);
      expect(next).to.include({ backend: 'webgpu', thread: 'main', width: first.width, height: first.height });
      const difference = meanAbsDiff(next.image.data, first.image.data);
      expect(difference, `mean |webgpu − wasm| ${difference.toFixed(3)}/255`).to.be.below(1);
      const tensors = await adaptive.numTensors();
      await adaptive.stylize({ ...request, strength: 0.5 });
      expect(await adaptive.numTensors()).to.equal(tensors);
    });

    it('a tiled run goes to WebGPU too, and paints what WebAssembly paints in tiles', async () => {
      const tiled = { ...request, maxSize: 2 * SIDE, tileSize: SIDE };
      const [gpuTiles, wasmTiles] = [await adaptive.stylize(tiled), await new WorkerStylizer().stylize(tiled)];
      expect(gpuTiles).to.include({ backend: 'webgpu', thread: 'main', width: 2 * SIDE });
      expect(wasmTiles).to.include({ backend: 'wasm', width: 2 * SIDE });
      const difference = meanAbsDiff(gpuTiles.image.data, wasmTiles.image.data);
      expect(difference, `mean |webgpu − wasm| ${difference.toFixed(3)}/255`).to.be.below(1);
    });

    it('a lost device: WebAssembly repeats the run, with one warning, and keeps the later runs', async () => {
      const { tf } = await loadRuntime();
      const device = (tf.backend() as unknown as { device: { destroy(): void; lost: Promise<unknown> } }).device;
      device.destroy();
      await device.lost;
      const warnings: unknown[][] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args);
      try {
        expect(await adaptive.stylize({ ...request, strength: 0.8 })).to.include({ backend: 'wasm', thread: 'worker' });
        expect(await adaptive.stylize({ ...request, strength: 0.7 })).to.include({ backend: 'wasm', thread: 'worker' });
      } finally {
        console.warn = warn;
      }
      expect(warnings).to.have.length(1);
      expect(String(warnings[0][0])).to.contain('WebGPU failed');
    });
  });
});
