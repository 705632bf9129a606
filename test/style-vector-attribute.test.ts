/**
 * `style-vector`: a painting's look as text, in place of `style-src`. A page that gives only that never downloads
 * the style network. Its own file, on the main thread without stored graphs: the page's resource timing then
 * shows every model file that was fetched.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { styleVectorToText } from '../src/engine/style-vector.js';
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import type { StylizedEventDetail } from '../src/style-transfer/style-transfer.events.js';
import { canvasOf, nextError } from './helpers/element.js';
import { contentImages, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';

const [, , , beach] = contentImages;
const [udnie] = styleImages;
const fetchedModels = () => performance.getEntriesByType('resource').map(({ name }) => name).filter((name) => name.endsWith('.tflite'));

describe('the style-vector attribute', () => {
  before(() => Object.assign(StyleTransferElement, { worker: false, storeConvertedModels: false }));

  it('paints with the vector its text stands for, and the style network is never downloaded', async () => {
    // The text a page would paste: made from udnie's vector in another runtime's run (no download on this page).
    const el = await fixture<StyleTransferElement>(html`<style-transfer content-src=${beach} max-size="64"></style-transfer>`);
    const text = styleVectorToText(new Float32Array(100).map((_, i) => Math.sin(i) * 2));
    const painted = oneEvent(el, 'stylized');
    el.setAttribute('style-vector', text);
    const { detail } = (await painted) as CustomEvent<StylizedEventDetail>;
    expect(detail.width).to.equal(64);
    expect(fetchedModels().some((name) => name.includes('style_transfer_f16_384')), 'the transformer was fetched').to.equal(true);
    expect(fetchedModels().filter((name) => name.includes('style_predict')), 'style network downloads').to.deep.equal([]);
    // The same picture as the vector itself gives.
    const direct = await new InThreadStylizer({ storeConvertedModels: false }).stylize({ content: beach, maxSize: 64, styles: [{ vector: detail.styleVector }] });
    expect(meanAbsDiff(rgbaBytes(canvasOf(el)), direct.image.data)).to.equal(0);
    expect(fetchedModels().filter((name) => name.includes('style_predict'))).to.deep.equal([]);
  });

  it('a painting (style-src) still works beside it: styles win, then style-vector, then style-src', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer content-src=${beach} style-src=${udnie} max-size="64"></style-transfer>`);
    const fromPainting = ((await oneEvent(el, 'stylized')) as CustomEvent<StylizedEventDetail>).detail.styleVector;
    const painted = oneEvent(el, 'stylized');
    el.setAttribute('style-vector', styleVectorToText(new Float32Array(100).fill(0.5)));
    const fromText = ((await painted) as CustomEvent<StylizedEventDetail>).detail.styleVector;
    expect(Array.from(fromText.slice(0, 3))).to.deep.equal([0.5, 0.5, 0.5]);
    expect(Array.from(fromText)).to.not.deep.equal(Array.from(fromPainting));
  });

  it('text that is not a style vector → invalid-attribute naming style-vector', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer content-src=${beach} max-size="64"></style-transfer>`);
    const failed = nextError(el);
    el.setAttribute('style-vector', 'not a vector!');
    const detail = await failed;
    expect(detail.type).to.equal('invalid-attribute');
    expect(detail.message).to.contain('style-vector').and.contain('not a style vector in text form');
  });
});
