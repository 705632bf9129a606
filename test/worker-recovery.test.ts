/**
 * The page's worker is replaced by a fresh one after a run that failed inside its networks, or one that grew
 * its WebAssembly heap past HEAP_TO_HAND_BACK. Its own file: it restarts the page's worker.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { WorkerStylizer } from '../src/engine/worker-stylizer.js';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import '../src/style-transfer/style-transfer.js';
import { nextError, resizedImageUrl, stylizedElement } from './helpers/element.js';
import { contentImages, styleImages } from './helpers/images.js';

describe('after an inference failure in the worker', () => {
  it('the next run starts a fresh worker and paints', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="96"></style-transfer>`);
    const error = nextError(el);
    Object.assign(el, { model: '/test/fixtures/failing-style-network.model.json', contentSrc: contentImages[3], styleSrc: styleImages[2] });
    expect(await error).to.include({ type: 'inference' });
    // The failed worker held both networks; a fresh one holds nothing yet.
    expect(await new WorkerStylizer().numTensors()).to.equal(0);
    const painted = oneEvent(el, 'stylized');
    el.model = 'magenta';
    expect((await painted).detail.thread).to.equal('worker');
  });

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
