/** The engine's Stylizer: plain request in, pixels out; caches, blending, cancellation and progress. */
import { expect } from '@open-wc/testing';
import { blendStyleVectors, createStylizer, type StylizeProgress, type StylizeRequest } from '../src/engine/index.js';
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { WorkerStylizer } from '../src/engine/worker-stylizer.js';
import { bitmapOf, contentImages, meanAbsDiff, styleImages } from './helpers/images.js';
import { tensorCount } from './helpers/element.js';
import { styleNetworkRuns } from './helpers/style-network-runs.js';

const [chicago, , , beach] = contentImages;
const [udnie, seaport, stripes] = styleImages;
const small = { content: beach, maxSize: 128 };

const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('Stylizer', () => {
  it('blends several styles by weight: the result uses the weighted mean of their vectors', async () => {
    const stylizer = new InThreadStylizer();
    const one = (src: string) => stylizer.stylize({ ...small, styles: [{ src }] });
    const [a, b] = [await one(udnie), await one(seaport)];
    const mixed = await stylizer.stylize({ ...small, styles: [{ src: udnie, weight: 0.7 }, { src: seaport, weight: 0.3 }] });
    const expected = blendStyleVectors([{ vector: a.styleVector, weight: 0.7 }, { vector: b.styleVector, weight: 0.3 }]);
    Array.from(mixed.styleVector).forEach((v, i) => expect(v).to.be.closeTo(expected[i], 1e-6));
    expect(meanAbsDiff(mixed.image.data, a.image.data)).to.be.greaterThan(2);
    expect(meanAbsDiff(mixed.image.data, b.image.data)).to.be.greaterThan(2);
  });

  it('takes a style as a vector, and gives the same picture as from its painting', async () => {
    const stylizer = new InThreadStylizer();
    const fromImage = await stylizer.stylize({ ...small, styles: [{ src: stripes }] });
    const fromVector = await stylizer.stylize({ ...small, styles: [{ vector: fromImage.styleVector }] });
    expect(meanAbsDiff(fromVector.image.data, fromImage.image.data)).to.equal(0);
  });

  it('re-runs only the transformer when only strength or weights change', async () => {
    const stylizer = new InThreadStylizer();
    const request = { ...small, styles: [{ src: udnie }, { src: seaport }] };
    expect(await styleNetworkRuns(() => stylizer.stylize({ ...request, strength: 0.5 }))).to.equal(3); // two paintings + the photo
    expect(await styleNetworkRuns(() => stylizer.stylize({ ...request, strength: 0.8 }))).to.equal(0);
    const reweighted = { ...request, styles: [{ src: udnie, weight: 3 }, { src: seaport }] };
    expect(await styleNetworkRuns(() => stylizer.stylize(reweighted))).to.equal(0);
    // A second painting does not evict the first.
    expect(await styleNetworkRuns(() => stylizer.stylize({ ...small, styles: [{ src: stripes }] }))).to.equal(1);
    expect(await styleNetworkRuns(() => stylizer.stylize({ ...small, styles: [{ src: udnie }] }))).to.equal(0);
  });

  it("keys the photo's own style vector by its size too", async () => {
    const stylizer = new InThreadStylizer();
    await stylizer.stylize({ content: chicago, maxSize: 16, strength: 0.3, styles: [{ src: udnie }] });
    const afterSmall = await stylizer.stylize({ content: chicago, maxSize: 256, strength: 0.3, styles: [{ src: udnie }] });
    const fresh = await new InThreadStylizer().stylize({ content: chicago, maxSize: 256, strength: 0.3, styles: [{ src: udnie }] });
    expect(meanAbsDiff(afterSmall.image.data, fresh.image.data)).to.equal(0);
  });

  it('reports progress through every phase, and timings per phase', async () => {
    const seen: StylizeProgress[] = [];
    const result = await new InThreadStylizer().stylize({ ...small, strength: 0.5, styles: [{ src: seaport }] }, { onProgress: (p) => seen.push(p) });
    const phases = [...new Set(seen.map((p) => p.phase))];
    expect(phases).to.deep.equal(['model', 'decode', 'style', 'transformer']);
    const bytes = seen.filter((p) => p.phase === 'model' && p.total > 0).at(-1)!;
    expect(bytes.loaded).to.equal(bytes.total);
    expect(bytes.total).to.be.greaterThan(3_000_000); // style network + transformer
    const style = seen.filter((p) => p.phase === 'style');
    expect(style.map((p) => p.loaded)).to.deep.equal([0, 1, 2]); // painting + photo
    expect(new Set(style.map((p) => p.total))).to.deep.equal(new Set([2]));
    const outputSize = { width: result.width, height: result.height };
    expect(seen.at(-1)).to.deep.equal({ phase: 'transformer', loaded: 1, total: 1, totalProgress: 1, outputSize });
    expect(seen.filter((p) => p.phase === 'decode').at(-1)?.outputSize, 'the size is known from the decode on').to.deep.equal(outputSize);
    const totals = seen.map((p) => p.totalProgress);
    expect(totals, 'never goes back').to.deep.equal([...totals].sort((a, b) => a - b));
    expect(totals[0]).to.equal(0);
    // Weighted by cost: the download is most of a first run, so the model phase ends well past the middle.
    const afterDownload = seen.find((p) => p.phase === 'decode')!.totalProgress;
    expect(afterDownload).to.be.within(0.5, 0.99);
    expect(new Set(totals).size, 'moves in many steps').to.be.greaterThan(5);
    expect(result.timings.transformer).to.be.greaterThan(0);
    expect(result.timings.total).to.be.at.least(result.timings.transformer);
  });

  it('stops at its signal with an aborted error and leaves no tensor behind', async () => {
    const stylizer = new InThreadStylizer();
    await stylizer.stylize({ ...small, styles: [{ src: udnie }] });
    const before = await tensorCount();
    const controller = new AbortController();
    // Aborted once the models are ready and the photo is decoding: where the run is a moment after it starts.
    const onProgress = ({ phase }: StylizeProgress) => phase === 'decode' && controller.abort();
    const run = stylizer.stylize({ content: chicago, styles: [{ src: stripes }] }, { signal: controller.signal, onProgress });
    expect(await rejection(run)).to.include({ name: 'StyleTransferError', type: 'aborted' });
    expect(await tensorCount()).to.equal(before);
  });

  it('runs overlapping runs on one Stylizer to their own ends: only a run\'s own signal cancels it', async () => {
    const stylizer = new InThreadStylizer();
    const controller = new AbortController();
    const cancelled = stylizer.stylize({ content: chicago, styles: [{ src: udnie }] }, { signal: controller.signal });
    const [larger, smaller] = [stylizer.stylize({ ...small, maxSize: 160, styles: [{ src: udnie }] }), stylizer.stylize({ ...small, styles: [{ src: udnie }] })];
    controller.abort();
    expect(await rejection(cancelled)).to.include({ type: 'aborted' });
    expect([(await larger).width, (await smaller).width]).to.deep.equal([160, 128]);
  });

  it('accepts a Blob and an ImageBitmap as the photo', async () => {
    const blob = await (await fetch(beach)).blob();
    const stylizer = new InThreadStylizer();
    const fromBlob = await stylizer.stylize({ content: blob, maxSize: 128, styles: [{ src: udnie }] });
    const fromBitmap = await stylizer.stylize({ content: await createImageBitmap(blob), maxSize: 128, styles: [{ src: udnie }] });
    expect([fromBlob.width, fromBitmap.width]).to.deep.equal([128, 128]);
    expect(meanAbsDiff(fromBlob.image.data, fromBitmap.image.data)).to.be.below(1);
  });

  for (const [what, request] of [
    ['no style', { content: beach, styles: [] }],
    ['a style with neither src nor vector', { content: beach, styles: [{}] }],
    ['strength 2', { content: beach, styles: [{ src: udnie }], strength: 2 }],
    ['an unknown model', { content: beach, styles: [{ src: udnie }], model: '__proto__' }],
    ['vectors of different lengths', { content: beach, styles: [{ vector: new Float32Array(100) }, { vector: new Float32Array(3) }] }],
  ] as [string, StylizeRequest][]) {
    it(`rejects ${what} as invalid-request`, async () => {
      expect(await rejection(new InThreadStylizer().stylize(request))).to.include({ type: 'invalid-request' });
    });
  }

  for (const [where, make] of [['in the page', () => new InThreadStylizer()], ['in the worker', () => new WorkerStylizer()]] as const) {
    it(`reads a canvas afresh on every run, ${where}: its pixels can change`, async () => {
      const canvas = Object.assign(document.createElement('canvas'), { width: 128, height: 96 });
      const draw = async (url: string) => canvas.getContext('2d')!.drawImage(await bitmapOf(url), 0, 0, 128, 96);
      const request = { content: canvas, strength: 0.5, styles: [{ src: udnie }] };
      const stylizer = make();
      await draw(beach);
      const first = await stylizer.stylize(request);
      await draw(chicago);
      const second = await stylizer.stylize({ ...request, strength: 0.6 });
      const fresh = await make().stylize({ ...request, strength: 0.6 });
      expect(meanAbsDiff(second.image.data, fresh.image.data)).to.equal(0);
      expect(meanAbsDiff(second.image.data, first.image.data)).to.be.greaterThan(5);
    });
  }

  describe('createStylizer', () => {
    const request = { ...small, styles: [{ src: udnie }] };
    it('runs WebAssembly in the page\'s worker by default, and on this thread with worker: false', async () => {
      const inWorker = await createStylizer({ backend: 'wasm' }).stylize(request);
      const here = await createStylizer({ backend: 'wasm', worker: false }).stylize(request);
      expect([inWorker.thread, here.thread]).to.deep.equal(['worker', 'main']);
      expect([inWorker.backend, here.backend]).to.deep.equal(['wasm', 'wasm']);
      expect(meanAbsDiff(inWorker.image.data, here.image.data)).to.equal(0);
    });

    it('auto starts in the worker on WebAssembly', async () => {
      const result = await createStylizer().stylize(request);
      expect([result.thread, result.backend]).to.deep.equal(['worker', 'wasm']);
    });

    it('refuses an unknown backend as invalid-request', () => {
      expect(() => createStylizer({ backend: 'gpu' as never })).to.throw('backend must be one of auto, wasm, webgpu, webgl, cpu');
    });
  });

  it('refuses a cross-origin <img> without CORS as content-load, not an inference failure', async () => {
    const img = Object.assign(new Image(), { src: `http://127.0.0.1:${location.port}${beach}` });
    await img.decode();
    const error = await rejection(new InThreadStylizer().stylize({ content: img, styles: [{ src: udnie }] }));
    expect(error).to.include({ type: 'content-load' }).and.have.property('message').that.contains('CORS');
  });
});
