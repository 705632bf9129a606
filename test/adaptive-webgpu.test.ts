/**
 * backend="auto" with a hardware WebGPU adapter (SwiftShader's, presented as one: see helpers/adapters.ts):
 * WebGPU's trial runs after the page's second result; a WebGPU slower than WebAssembly is kept out, one that only has to
 * paint the same picture takes over, tiles included, and a lost device hands the runs back. One file, in this
 * order: the main thread's TF.js runtime is page-wide, and the adapter is asked once per page.
 */
import { expect } from '@open-wc/testing';
import { AdaptiveStylizer } from '../src/engine/adaptive-stylizer.js';
import { WorkerStylizer } from '../src/engine/worker-stylizer.js';
import { loadRuntime } from '../src/internal/tf-runtime.js';
import { loseWebGpuDevice, restoreAdapters, SIDE, smallRequest as request, watchAdapters, webGpuModuleLoaded } from './helpers/adapters.js';
import { warningsDuring } from './helpers/console.js';
import { meanAbsDiff } from './helpers/images.js';

describe('backend="auto" with a hardware WebGPU adapter', function () {
  this.timeout(180_000);
  before(() => watchAdapters({ hardware: true }));
  after(restoreAdapters);

  it('a WebGPU slower than WebAssembly (SwiftShader is): the trial runs, and WebAssembly keeps the runs', async () => {
    const adaptive = new AdaptiveStylizer();
    expect(await adaptive.stylize(request)).to.include({ backend: 'wasm', thread: 'worker' });
    expect(await adaptive.stylize(request)).to.include({ backend: 'wasm', thread: 'worker' });
    expect(await adaptive.decided).to.equal('wasm');
    expect(webGpuModuleLoaded()).to.equal(true);
    expect((await loadRuntime()).backend, 'the trial started WebGPU on the main thread').to.equal('webgpu');
    expect(await adaptive.stylize({ ...request, strength: 0.5 })).to.include({ backend: 'wasm', thread: 'worker' });
  });

  describe('switchWhen: "same-picture" (WebGPU takes over wherever it paints what WebAssembly paints)', () => {
    const adaptive = new AdaptiveStylizer({}, 'same-picture');
    const later = () => new AdaptiveStylizer({}, 'same-picture');

    it('later runs go to WebGPU on the main thread: the same picture, no tensor left behind', async () => {
      await adaptive.stylize(request);
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

    it("the verdict is the page's: a later AdaptiveStylizer with the same options starts on WebGPU", async () => {
      expect(await later().stylize(request)).to.include({ backend: 'webgpu', thread: 'main' });
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
      await loseWebGpuDevice();
      const warnings = await warningsDuring(async () => {
        expect(await adaptive.stylize({ ...request, strength: 0.8 })).to.include({ backend: 'wasm', thread: 'worker' });
        expect(await adaptive.stylize({ ...request, strength: 0.7 })).to.include({ backend: 'wasm', thread: 'worker' });
        expect(await later().stylize(request), 'the page went back to WebAssembly').to.include({ backend: 'wasm', thread: 'worker' });
      });
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('WebGPU failed');
    });
  });
});
