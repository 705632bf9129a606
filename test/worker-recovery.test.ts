/** A run that fails inside the worker's networks retires that worker: the next run gets a fresh one, and paints. Its own file: it restarts the page's worker. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { WorkerStylizer } from '../src/engine/index.js';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import '../src/style-transfer/style-transfer.js';
import { nextError } from './helpers/element.js';
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
});
