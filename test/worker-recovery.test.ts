/**
 * The page's worker is replaced by a fresh one after a run that grew its WebAssembly heap past
 * HEAP_TO_HAND_BACK (a run that fails inside its networks keeps it: test/containment.test.ts). Its own file: it
 * restarts the page's worker.
 */
import { expect, oneEvent } from '@open-wc/testing';
import { WorkerStylizer } from '../src/engine/worker-stylizer.js';
import '../src/style-transfer/style-transfer.js';
import { resizedImageUrl, stylizedElement } from './helpers/element.js';
import { contentImages, styleImages } from './helpers/images.js';

describe('a worker whose heap grew', () => {
  it('a run that grew the heap past HEAP_TO_HAND_BACK retires the worker once idle, handing the memory back', async () => {
    const photo = await resizedImageUrl(contentImages[0], 2048, 2048);
    // Untiled (about 0.6 GB): a tiled run keeps the heap under the threshold.
    const { el } = await stylizedElement({ content: photo, style: styleImages[2], maxSize: 2048, tileSize: 0 });
    // Retired after its result: a fresh worker holds no tensors (the models load again on the next run).
    expect(await new WorkerStylizer().numTensors()).to.equal(0);
    const painted = oneEvent(el, 'stylized');
    el.maxSize = 96;
    expect((await painted).detail.width).to.equal(96);
    URL.revokeObjectURL(photo);
  });
});
