/** Changes mid-run, coalesced changes and removal mid-run. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import { canvasOf, stylizedElement, tensorCount } from './helpers/element.js';
import { contentImages, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';

const [chicago, goldenGate] = contentImages;
const [udnie, seaport] = styleImages;

/** Counts results, errors and runs started (each run first reports the model phase at 0 bytes). */
function countEvents(el: StyleTransferElement) {
  const counts = { runs: 0, stylized: 0, error: 0 };
  el.addEventListener('progress', ({ detail }) => detail.phase === 'model' && detail.loaded === 0 && counts.runs++);
  el.addEventListener('stylized', () => counts.stylized++);
  el.addEventListener('error', () => counts.error++);
  return counts;
}

/** Once a result is shown, the element is idle: no run is left that could paint or fail later. */
async function idle(el: StyleTransferElement) {
  await el.updateComplete;
  expect(el.busy).to.equal(false);
}

describe('<style-transfer> over time', () => {
  it('coalesces several changes in one task into one run', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer></style-transfer>`);
    const counts = countEvents(el);
    el.setAttribute('content-src', chicago);
    el.setAttribute('style-src', udnie);
    el.setAttribute('strength', '0.8');
    await oneEvent(el, 'stylized');
    await idle(el);
    expect(counts).to.deep.equal({ runs: 1, stylized: 1, error: 0 });
  });

  it('paints only the newest inputs when they change mid-run', async () => {
    const { el } = await stylizedElement({ content: chicago, style: udnie });
    const counts = countEvents(el);
    el.contentSrc = goldenGate;
    await el.updateComplete; // the run for goldenGate × udnie has started
    el.styleSrc = seaport;
    const { detail } = await oneEvent(el, 'stylized');
    await idle(el);
    expect(counts).to.include({ stylized: 1, error: 0 });

    const fresh = await stylizedElement({ content: goldenGate, style: seaport });
    expect([detail.width, detail.height]).to.deep.equal([fresh.detail.width, fresh.detail.height]);
    expect(meanAbsDiff(rgbaBytes(canvasOf(el)), rgbaBytes(canvasOf(fresh.el)))).to.equal(0);
  });

  it('stops cleanly when removed mid-run, and works again when re-added', async () => {
    const { el } = await stylizedElement({ content: chicago, style: udnie });
    const baseline = await tensorCount();
    const counts = countEvents(el);
    const parent = el.parentNode!;
    el.styleSrc = seaport;
    const interrupted = el.stylize().catch((error: unknown) => error);
    await el.updateComplete; // the run has started
    el.remove();
    expect(await interrupted).to.include({ type: 'aborted' });
    expect(el.busy).to.equal(false);
    expect(await tensorCount()).to.equal(baseline);

    parent.appendChild(el);
    await oneEvent(el, 'stylized');
    // The interrupted run never painted: the one result is the resumed run's.
    expect(counts).to.include({ stylized: 1, error: 0 });
  });

  it('finishes the interrupted run when moved to another place mid-run', async () => {
    const { el } = await stylizedElement({ content: chicago, style: udnie });
    el.contentSrc = goldenGate;
    await el.updateComplete; // the run has started
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    elsewhere.append(el);
    const { detail } = await oneEvent(el, 'stylized');
    expect([detail.width, detail.height]).to.not.deep.equal([712, 474]);
    elsewhere.remove();
  });

  it('goes back to the defaults when strength and max-size are removed', async () => {
    const { el } = await stylizedElement({ content: chicago, style: udnie, strength: 0.3, maxSize: 256 });
    el.removeAttribute('strength');
    el.removeAttribute('max-size');
    expect([el.strength, el.maxSize]).to.deep.equal([1, 1024]);
    const { detail } = await oneEvent(el, 'stylized');
    expect(detail.width).to.equal(712);
  });

  it('eight elements at once each paint their own picture, and leave no tensor behind', async () => {
    const before = await tensorCount();
    const pairs = Array.from({ length: 8 }, (_, i) => [contentImages[i % 4], styleImages[Math.floor(i / 2) % 4]]);
    const els = await Promise.all(pairs.map(([content, style]) => fixture<StyleTransferElement>(html`<style-transfer max-size="64" content-src=${content} style-src=${style}></style-transfer>`)));
    const details = await Promise.all(els.map(async (el) => (await oneEvent(el, 'stylized')).detail));
    expect(details.map((d) => d.width)).to.deep.equal(Array(8).fill(64));
    // The same photo with another painting, another picture: no element shows another's result.
    expect(meanAbsDiff(rgbaBytes(canvasOf(els[0])), rgbaBytes(canvasOf(els[4])))).to.be.greaterThan(5);
    expect(await tensorCount()).to.be.at.most(before + 1000); // at most the models, loaded once
  });

  it('fifty rapid changes end in one result for the last, and a hundred runs in a row leave no tensor behind', async () => {
    const { el } = await stylizedElement({ content: chicago, style: udnie, maxSize: 64 });
    const before = await tensorCount();
    const counts = countEvents(el);
    for (let i = 1; i <= 50; i++) el.strength = i / 50; // no await: each change supersedes the last
    await el.stylize();
    await idle(el);
    expect(counts).to.include({ stylized: 1, error: 0 });
    for (let i = 0; i < 100; i++) {
      el.strength = i % 2 ? 0.9 : 1;
      await el.stylize();
    }
    expect(counts).to.include({ stylized: 101, error: 0 });
    expect(await tensorCount()).to.equal(before);
  });
});
