/**
 * backend="webgpu" (here on SwiftShader's WebGPU, a CPU implementation: slow, so small images): a browser without
 * an adapter gets a backend error that says so, and the element stays usable; it paints the picture WebAssembly
 * paints; a lost device is an `error` of type context-lost, and the next run works on a new device. One file, in
 * this order: the TF.js runtime is page-wide.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import '../src/style-transfer/style-transfer.js';
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { WorkerStylizer } from '../src/engine/worker-stylizer.js';
import { loseWebGpuDevice } from './helpers/adapters.js';
import { canvasOf, nextError } from './helpers/element.js';
import { contentImages, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';

const [, , , beach] = contentImages;
const [, , stripes] = styleImages;
const SIDE = 64;

interface Gpu {
  requestAdapter(): Promise<unknown>;
}

const webGpuElement = () =>
  fixture<StyleTransferElement>(html`<style-transfer backend="webgpu" max-size=${SIDE} style-size=${SIDE}></style-transfer>`);

describe('backend="webgpu"', function () {
  this.timeout(180_000);
  const gpu = (navigator as Navigator & { gpu: Gpu }).gpu;

  it('without a WebGPU adapter → backend error saying so; with one, the same element paints', async () => {
    const requestAdapter = gpu.requestAdapter;
    gpu.requestAdapter = async () => null;
    const el = await webGpuElement();
    try {
      const error = nextError(el);
      Object.assign(el, { contentSrc: beach, styleSrc: stripes });
      const detail = await error;
      expect(detail.type).to.equal('backend');
      expect(detail.message).to.contain('"webgpu"').and.contain('no WebGPU adapter');
    } finally {
      gpu.requestAdapter = requestAdapter;
    }
    const painted = oneEvent(el, 'stylized');
    el.strength = 0.999;
    expect((await painted).detail).to.include({ backend: 'webgpu', thread: 'main', width: SIDE });
  });

  it('paints on the main thread the picture WebAssembly paints in the worker', async () => {
    const el = await webGpuElement();
    const painted = oneEvent(el, 'stylized');
    Object.assign(el, { contentSrc: beach, styleSrc: stripes });
    expect((await painted).detail).to.include({ backend: 'webgpu', thread: 'main' });
    const request = { content: beach, styles: [{ src: stripes }], maxSize: SIDE, styleSize: SIDE };
    const wasm = await new WorkerStylizer().stylize(request);
    expect(wasm).to.include({ backend: 'wasm', thread: 'worker' });
    const canvas = canvasOf(el);
    const difference = meanAbsDiff(rgbaBytes(canvas), wasm.image.data);
    expect(difference, `mean |webgpu − wasm| ${difference.toFixed(3)}/255`).to.be.below(0.25);
    const photo = await createImageBitmap(await (await fetch(beach)).blob(), { resizeWidth: canvas.width, resizeHeight: canvas.height });
    expect(meanAbsDiff(rgbaBytes(canvas), rgbaBytes(photo)), 'stylized, not the photo').to.be.above(10);

    const tensors = await new InThreadStylizer().numTensors();
    const again = oneEvent(el, 'stylized');
    el.strength = 0.5;
    await again;
    expect(await new InThreadStylizer().numTensors(), 'tensors after another run').to.equal(tensors);
  });

  it('a lost device → context-lost, then the next run paints the same picture on a new device', async () => {
    const el = await webGpuElement();
    const first = oneEvent(el, 'stylized');
    Object.assign(el, { contentSrc: beach, styleSrc: stripes });
    await first;
    const before = rgbaBytes(canvasOf(el));

    await loseWebGpuDevice();

    const error = nextError(el);
    el.strength = 0.999;
    const lost = await error;
    expect(lost.type).to.equal('context-lost');
    expect(lost.message).to.contain('WebGPU device');
    const again = oneEvent(el, 'stylized');
    el.strength = 1;
    expect((await again).detail.backend).to.equal('webgpu');
    expect(meanAbsDiff(rgbaBytes(canvasOf(el)), before)).to.be.below(0.5);
  });
});
