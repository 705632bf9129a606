/**
 * Styles as values: the `style-src` list syntax, the `styles` and `styleVector` properties and the vector's
 * text form. Its own file: it runs the networks on the main thread, to count the style network's runs.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { blendStyleVectors, styleVectorFromText, styleVectorToText } from '../src/engine/index.js';
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { parseStyleList } from '../src/style-transfer/attribute-values.js';
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import { canvasOf, nextError } from './helpers/element.js';
import { styleNetworkRuns } from './helpers/style-network-runs.js';
import { contentImages, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';

const [, goldenGate] = contentImages;
const [udnie, seaport, stripes] = styleImages;

StyleTransferElement.worker = false;

async function painted(props: Partial<StyleTransferElement>) {
  const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="160"></style-transfer>`);
  const result = oneEvent(el, 'stylized');
  Object.assign(el, { contentSrc: goldenGate, ...props });
  return { el, detail: (await result).detail };
}

describe('style-src as a list', () => {
  it('reads URLs with optional weights, srcset-like', () => {
    expect(parseStyleList('a.jpg 0.7, b.jpg 0.3')).to.deep.equal([{ src: 'a.jpg', weight: 0.7 }, { src: 'b.jpg', weight: 0.3 }]);
    expect(parseStyleList(' a.jpg, b.jpg 2 ')).to.deep.equal([{ src: 'a.jpg', weight: 1 }, { src: 'b.jpg', weight: 2 }]);
    expect(parseStyleList('data:image/png;base64,AAA,BBB 0.5')).to.deep.equal([{ src: 'data:image/png;base64,AAA,BBB', weight: 0.5 }]);
    expect(parseStyleList('my%20painting.jpg')).to.deep.equal([{ src: 'my%20painting.jpg', weight: 1 }]);
    expect(parseStyleList('  ')).to.deep.equal([]);
  });

  for (const bad of ['a.jpg x', 'a.jpg 0.5 0.3', 'a.jpg -1, b.jpg', 'b.jpg, a.jpg 0x1']) {
    it(`"${bad}" → invalid-attribute naming the entry`, () => {
      expect(() => parseStyleList(bad)).to.throw(/style-src has a malformed entry "a\.jpg [^"]+"/);
    });
  }

  it('blends the paintings by weight: the vector is the weighted mean of theirs', async () => {
    const stylizer = new InThreadStylizer();
    const own = async (src: string) => (await stylizer.stylize({ content: goldenGate, maxSize: 160, styles: [{ src }] })).styleVector;
    const expected = blendStyleVectors([{ vector: await own(udnie), weight: 0.7 }, { vector: await own(seaport), weight: 0.3 }]);
    const { detail } = await painted({ styleSrc: `${udnie} 0.7, ${seaport} 0.3` });
    Array.from(detail.styleVector).forEach((v, i) => expect(v).to.be.closeTo(expected[i], 1e-5));
  });

  it('re-runs only the transformer when only the weights change', async () => {
    const { el } = await painted({ styleSrc: `${udnie} 0.7, ${seaport} 0.3` });
    const runs = await styleNetworkRuns(async () => {
      el.styleSrc = `${udnie} 0.2, ${seaport} 0.8`;
      await oneEvent(el, 'stylized');
    });
    expect(runs).to.equal(0);
  });

  it('a malformed list is an error event, and the element stays usable', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="160"></style-transfer>`);
    const error = nextError(el);
    Object.assign(el, { contentSrc: goldenGate, styleSrc: `${udnie} lots` });
    expect(await error).to.include({ type: 'invalid-attribute' });
    el.styleSrc = udnie;
    await oneEvent(el, 'stylized');
  });
});

describe('styles and styleVector', () => {
  it('takes paintings as values (a Blob here) in place of style-src', async () => {
    const blob = await (await fetch(stripes)).blob();
    const fromBlob = await painted({ styleSrc: udnie, styles: [{ src: blob }] });
    const fromUrl = await painted({ styleSrc: stripes });
    expect(meanAbsDiff(rgbaBytes(canvasOf(fromBlob.el)), rgbaBytes(canvasOf(fromUrl.el)))).to.equal(0);
  });

  it("shares a look as text: another element given the vector's text paints the same picture", async () => {
    const original = await painted({ styleSrc: `${udnie} 0.5, ${stripes} 0.5` });
    const text = styleVectorToText(original.el.styleVector!);
    expect(text).to.match(/^[A-Za-z0-9_-]{267}$/);
    const copy = await painted({ styleVector: styleVectorFromText(text) });
    expect(meanAbsDiff(rgbaBytes(canvasOf(copy.el)), rgbaBytes(canvasOf(original.el)))).to.be.below(0.5);
    expect(() => styleVectorFromText('not a vector!')).to.throw('is not a style vector in text form');
  });
});

describe('preserve-colors', () => {
  /** Mean absolute difference of luma and of chroma (BT.601, 8-bit levels) between two RGBA images. */
  function lumaChromaDiff(a: Uint8ClampedArray, b: Uint8ClampedArray) {
    let luma = 0;
    let chroma = 0;
    for (let i = 0; i < a.length; i += 4) {
      const [y1, cb1, cr1] = ycbcr(a[i], a[i + 1], a[i + 2]);
      const [y2, cb2, cr2] = ycbcr(b[i], b[i + 1], b[i + 2]);
      luma += Math.abs(y1 - y2);
      chroma += (Math.abs(cb1 - cb2) + Math.abs(cr1 - cr2)) / 2;
    }
    return { luma: luma / (a.length / 4), chroma: chroma / (a.length / 4) };
  }
  const ycbcr = (r: number, g: number, b: number) => [
    0.299 * r + 0.587 * g + 0.114 * b,
    -0.168736 * r - 0.331264 * g + 0.5 * b,
    0.5 * r - 0.418688 * g - 0.081312 * b,
  ];

  it("keeps the photo's chroma and takes the painting's luminance", async () => {
    const { el } = await painted({ styleSrc: udnie, preserveColors: true });
    const plain = await painted({ styleSrc: udnie });
    const canvas = canvasOf(el);
    const photo = await createImageBitmap(await (await fetch(goldenGate)).blob(), { resizeWidth: canvas.width, resizeHeight: canvas.height, resizeQuality: 'high' });
    const [kept, stylized, original] = [rgbaBytes(canvas), rgbaBytes(canvasOf(plain.el)), rgbaBytes(photo)];
    const vsPhoto = lumaChromaDiff(kept, original);
    const vsStylized = lumaChromaDiff(kept, stylized);
    console.log(`preserve-colors vs photo: luma ${vsPhoto.luma.toFixed(1)}, chroma ${vsPhoto.chroma.toFixed(2)}; vs stylized: luma ${vsStylized.luma.toFixed(2)}`);
    expect(vsPhoto.chroma).to.be.below(2);
    expect(vsPhoto.luma).to.be.greaterThan(10);
    expect(vsStylized.luma).to.be.below(1.5);
  });
});

describe('style-size and style-fit', () => {
  const maxDiff = (a: Float32Array, b: Float32Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

  it('analyse the painting at another size, each size cached on its own', async () => {
    const { el, detail } = await painted({ styleSrc: seaport });
    const at256 = detail.styleVector;
    let at512 = at256;
    const firstTime = await styleNetworkRuns(async () => {
      el.styleSize = 512;
      at512 = (await oneEvent(el, 'stylized')).detail.styleVector;
    });
    const backAgain = await styleNetworkRuns(async () => {
      el.styleSize = undefined;
      expect(maxDiff((await oneEvent(el, 'stylized')).detail.styleVector, at256)).to.equal(0);
    });
    expect([firstTime, backAgain]).to.deep.equal([1, 0]);
    expect(maxDiff(at512, at256)).to.be.greaterThan(0.01);
  });

  it('fill sees the whole of a wide painting, cover its central square', async () => {
    const cover = (await painted({ styleSrc: seaport })).detail.styleVector;
    const fill = (await painted({ styleSrc: seaport, styleFit: 'fill' })).detail.styleVector;
    const square = (await painted({ styleSrc: stripes, styleFit: 'fill' })).detail.styleVector; // already square: the same either way
    expect(maxDiff(fill, cover)).to.be.greaterThan(0.01);
    expect(maxDiff(square, (await painted({ styleSrc: stripes })).detail.styleVector)).to.equal(0);
  });

  for (const [name, value] of [['style-size', '2000'], ['style-size', 'big'], ['style-fit', 'contain']]) {
    it(`${name}="${value}" → invalid-attribute`, async () => {
      const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="160"></style-transfer>`);
      const error = nextError(el);
      el.setAttribute(name, value);
      Object.assign(el, { contentSrc: goldenGate, styleSrc: udnie });
      expect(await error).to.include({ type: 'invalid-attribute' }).and.have.property('message').that.contains(name).and.contains(value);
    });
  }
});

describe('a burst of changes', () => {
  it('ten new paintings, each set after the last update, analyse at most two and paint once', async () => {
    const { el } = await painted({ styleSrc: udnie });
    const bytes = await (await fetch(seaport)).blob();
    const urls = Array.from({ length: 10 }, () => URL.createObjectURL(new Blob([bytes]))); // ten URLs, ten cache entries
    let results = 0;
    el.addEventListener('stylized', () => results++);
    const runs = await styleNetworkRuns(async () => {
      for (const url of urls) {
        el.styleSrc = url;
        await el.updateComplete;
      }
      await el.stylize();
    });
    expect(results).to.equal(1);
    expect(runs).to.be.at.most(2);
    urls.forEach((url) => URL.revokeObjectURL(url));
  });
});
