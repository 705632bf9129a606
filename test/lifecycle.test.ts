/** Changes mid-run, coalesced changes and removal mid-run. */
import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import { canvasOf, stylizedElement, tensorCount } from './helpers/element.js';
import { contentImages, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';

const [chicago, goldenGate] = contentImages;
const [udnie, seaport] = styleImages;

function countEvents(el: HTMLElement) {
  const counts = { stylized: 0, error: 0 };
  el.addEventListener('stylized', () => counts.stylized++);
  el.addEventListener('error', () => counts.error++);
  return counts;
}

describe('<style-transfer> over time', () => {
  it('coalesces several changes in one task into one run', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer></style-transfer>`);
    const counts = countEvents(el);
    el.setAttribute('content-src', chicago);
    el.setAttribute('style-src', udnie);
    el.setAttribute('strength', '0.8');
    await oneEvent(el, 'stylized');
    await aTimeout(300);
    expect(counts).to.deep.equal({ stylized: 1, error: 0 });
  });

  it('paints only the newest inputs when they change mid-run', async () => {
    const { el } = await stylizedElement({ content: chicago, style: udnie });
    const counts = countEvents(el);
    el.contentSrc = goldenGate;
    await el.updateComplete; // the run for goldenGate × udnie has started
    el.styleSrc = seaport;
    const { detail } = await oneEvent(el, 'stylized');
    await aTimeout(300);
    expect(counts).to.deep.equal({ stylized: 1, error: 0 });

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
    await el.updateComplete; // the run has started
    el.remove();
    await aTimeout(4000);
    expect(counts).to.deep.equal({ stylized: 0, error: 0 });
    expect(await tensorCount()).to.equal(baseline);
    expect(el.busy).to.equal(false);

    parent.appendChild(el);
    await oneEvent(el, 'stylized');
    expect(counts.stylized).to.equal(1);
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
});
