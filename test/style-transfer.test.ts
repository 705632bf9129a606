/** <style-transfer> on real photos and paintings with the real models, checked for what the pixels mean. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import { canvasOf, resizedImageUrl, stylizedElement, tensorCount } from './helpers/element.js';
import { bitmapOf, contentImages, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';

const [chicago, goldenGate] = contentImages;
const [udnie, seaport, stripes] = styleImages;

async function contentPixels(url: string, el: StyleTransferElement): Promise<Uint8ClampedArray> {
  const canvas = canvasOf(el);
  const bitmap = await createImageBitmap(await bitmapOf(url), { resizeWidth: canvas.width, resizeHeight: canvas.height, resizeQuality: 'high' });
  return rgbaBytes(bitmap);
}

describe('<style-transfer> stylizes', () => {
  it('repaints a real photo at its natural size, really differently from the photo', async () => {
    const { el, detail } = await stylizedElement({ content: chicago, style: udnie });
    const canvas = canvasOf(el);
    expect([detail.width, detail.height]).to.deep.equal([712, 474]);
    expect([canvas.width, canvas.height]).to.deep.equal([712, 474]);
    expect(detail.model).to.equal('magenta');
    expect(detail.backend).to.equal('wasm');
    expect(detail.thread).to.equal('worker');
    expect(detail.threads).to.equal(1); // the test page is not cross-origin isolated
    expect(detail.durationMs).to.be.greaterThan(0);
    const diff = meanAbsDiff(rgbaBytes(canvas), await contentPixels(chicago, el));
    console.log(`stylized vs content: mean abs diff ${diff.toFixed(1)}/255 in ${detail.durationMs.toFixed(0)} ms`);
    expect(diff).to.be.greaterThan(20);
  });

  it('moves from the content (strength 0) to the painting (strength 1)', async () => {
    const diffs: number[] = [];
    for (const strength of [0, 0.5, 1]) {
      const { el } = await stylizedElement({ content: goldenGate, style: seaport, strength });
      diffs.push(meanAbsDiff(rgbaBytes(canvasOf(el)), await contentPixels(goldenGate, el)));
    }
    console.log(`vs content at strength 0 / 0.5 / 1: ${diffs.map((d) => d.toFixed(1)).join(' / ')} (/255)`);
    // The network cannot reproduce a photo exactly from its own style vector, but
    // strength 0 must stay far closer to it than the full style.
    expect(diffs[0]).to.be.lessThan(diffs[1]);
    expect(diffs[1]).to.be.lessThan(diffs[2]);
    expect(diffs[0]).to.be.lessThan(0.6 * diffs[2]);
  });

  it('re-runs when strength changes', async () => {
    const { el } = await stylizedElement({ content: goldenGate, style: stripes, strength: 1 });
    const full = rgbaBytes(canvasOf(el));
    el.strength = 0.5;
    await oneEvent(el, 'stylized');
    expect(meanAbsDiff(rgbaBytes(canvasOf(el)), full)).to.be.greaterThan(3);
  });

  it('gives different results for different paintings', async () => {
    const a = await stylizedElement({ content: chicago, style: udnie });
    const b = await stylizedElement({ content: chicago, style: stripes });
    const diff = meanAbsDiff(rgbaBytes(canvasOf(a.el)), rgbaBytes(canvasOf(b.el)));
    console.log(`udnie vs stripes on the same photo: ${diff.toFixed(1)}/255`);
    expect(diff).to.be.greaterThan(15);
  });

  it('keeps a 640×480 photo at 640×480, and caps the longest side at max-size', async () => {
    const url = await resizedImageUrl(chicago, 640, 480);
    const natural = await stylizedElement({ content: url, style: udnie });
    expect([natural.detail.width, natural.detail.height]).to.deep.equal([640, 480]);
    const capped = await stylizedElement({ content: url, style: udnie, maxSize: 320 });
    expect([capped.detail.width, capped.detail.height]).to.deep.equal([320, 240]);
    URL.revokeObjectURL(url);
  });

  it('exports the result at full resolution with toBlob()', async () => {
    const { el } = await stylizedElement({ content: chicago, style: seaport });
    const blob = await el.toBlob();
    expect(blob.type).to.equal('image/png');
    const decoded = await createImageBitmap(blob);
    expect([decoded.width, decoded.height]).to.deep.equal([712, 474]);
    expect(meanAbsDiff(rgbaBytes(decoded), rgbaBytes(canvasOf(el)))).to.equal(0);
  });

  it('stylize() settles once the result is painted', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer></style-transfer>`);
    let stylized = 0;
    el.addEventListener('stylized', () => stylized++);
    el.contentSrc = chicago;
    el.styleSrc = udnie;
    await el.stylize();
    expect(stylized).to.equal(1);
    expect(canvasOf(el).width).to.equal(712);
  });

  it('frees every tensor it makes', async () => {
    const { el } = await stylizedElement({ content: chicago, style: udnie });
    const baseline = await tensorCount();
    for (const strength of [0.3, 0.6, 1]) {
      el.strength = strength;
      await oneEvent(el, 'stylized');
    }
    el.styleSrc = stripes;
    await oneEvent(el, 'stylized');
    expect(await tensorCount()).to.equal(baseline);
  });

  it('fires bubbling progress events, and puts the style vector and phase timings on stylized', async () => {
    const phases: string[] = [];
    const listener = (e: Event) => phases.push((e as CustomEvent).detail.phase);
    document.addEventListener('progress', listener);
    try {
      const { detail } = await stylizedElement({ content: goldenGate, style: seaport, strength: 0.5, maxSize: 256 });
      expect([...new Set(phases)]).to.deep.equal(['model', 'decode', 'style', 'transformer']);
      expect(detail.styleVector).to.be.instanceOf(Float32Array).with.lengthOf(100);
      expect(Object.keys(detail.timings)).to.have.members(['model', 'decode', 'style', 'transformer', 'total']);
      expect(detail.durationMs).to.equal(detail.timings.total);
    } finally {
      document.removeEventListener('progress', listener);
    }
  });

  it('reads an empty or blank strength as the default, as if it were removed', async () => {
    const painted = async (strength?: string) => {
      const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="128"></style-transfer>`);
      if (strength !== undefined) el.setAttribute('strength', strength);
      Object.assign(el, { contentSrc: goldenGate, styleSrc: stripes });
      await oneEvent(el, 'stylized');
      return rgbaBytes(canvasOf(el));
    };
    const byDefault = await painted();
    expect(meanAbsDiff(await painted(''), byDefault)).to.equal(0);
    expect(meanAbsDiff(await painted(' '), byDefault)).to.equal(0);
  });

  it('takes the result down when the photo is cleared: the slot shows again and toBlob() rejects', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="128" content-src=${goldenGate} style-src=${stripes}>Placeholder</style-transfer>`);
    await oneEvent(el, 'stylized');
    el.contentSrc = '';
    await el.stylize();
    await el.updateComplete;
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot:not([name])')!;
    expect(canvasOf(el).hidden).to.equal(true);
    expect(slot.hidden).to.equal(false);
    expect(await el.toBlob().catch((e: unknown) => e)).to.have.property('name', 'InvalidStateError');
    expect(el.toDataURL()).to.equal('');
  });
});
