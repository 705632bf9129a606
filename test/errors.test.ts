/** Every bad input gives a typed `error` event with a clear message, and the element stays usable. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import { canvasOf, nextError, resizedImageUrl, tensorCount } from './helpers/element.js';
import { contentImages, styleImages } from './helpers/images.js';
import { tfliteModel } from './helpers/tflite-builder.js';
import { MAX_PIXELS } from '../src/engine/index.js';
import { Networks } from '../src/engine/networks.js';
import { requireInputs } from '../src/engine/networks.js';
import { MODEL_SETS } from '../src/models/model-sets.js';
import { tfliteArtifacts } from '../src/models/tflite/tflite-io-handler.js';

const [chicago] = contentImages;
const [udnie] = styleImages;

async function errorFor(attrs: Record<string, string>) {
  const el = await fixture<StyleTransferElement>(html`<style-transfer></style-transfer>`);
  const error = nextError(el);
  for (const [name, value] of Object.entries({ 'content-src': chicago, 'style-src': udnie, ...attrs })) el.setAttribute(name, value);
  return { el, detail: await error };
}

describe('<style-transfer> reports bad input', () => {
  it('a missing photo → content-load naming the URL and the status', async () => {
    const { detail } = await errorFor({ 'content-src': '/images/content/nope.jpg' });
    expect(detail.type).to.equal('content-load');
    expect(detail.message).to.contain('"/images/content/nope.jpg"').and.contain('404'); // as the page wrote it
  });

  it('bytes that are not an image → content-load saying it cannot be decoded', async () => {
    const { detail } = await errorFor({ 'content-src': '/package.json' });
    expect(detail.type).to.equal('content-load');
    expect(detail.message).to.contain('could not be decoded as an image');
  });

  /** Odd images a page may hand over, made here as blob: URLs. */
  const ODD_IMAGES: [string, () => Promise<Blob>, string][] = [
    ['a 1×1 PNG', async () => ((canvas) => (canvas.getContext('2d'), canvas.convertToBlob()))(new OffscreenCanvas(1, 1)), 'too small'],
    ['an SVG', async () => new Blob(['<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"/>'], { type: 'image/svg+xml' }), 'could not be decoded'],
    ['an empty file', async () => new Blob([]), 'could not be decoded'],
    // What a single-page-app server (Vite's dev server) answers for a missing file.
    ['an HTML page', async () => new Blob(['<!doctype html><title>App</title>'], { type: 'text/html' }), 'an HTML page, not an image'],
  ];
  for (const [what, make, says] of ODD_IMAGES) {
    it(`${what} as the photo → content-load saying it is ${says}`, async () => {
      const url = URL.createObjectURL(await make());
      const { detail } = await errorFor({ 'content-src': url });
      expect(detail.type).to.equal('content-load');
      expect(detail.message).to.contain(says);
      URL.revokeObjectURL(url);
    });
  }

  it('a revoked blob: URL → content-load naming the URL', async () => {
    const url = URL.createObjectURL(await (await fetch(chicago)).blob());
    URL.revokeObjectURL(url);
    const { detail } = await errorFor({ 'content-src': url });
    expect(detail.type).to.equal('content-load');
    expect(detail.message).to.contain(url).and.contain('revoked');
  });

  it('a truncated JPEG → a result or a content-load error, never anything else', async () => {
    const bytes = await (await fetch(chicago)).arrayBuffer();
    const url = URL.createObjectURL(new Blob([bytes.slice(0, bytes.byteLength / 3)], { type: 'image/jpeg' }));
    const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="96"></style-transfer>`);
    const outcome = Promise.race([oneEvent(el, 'stylized').then(() => 'stylized'), nextError(el).then((d) => d.type)]);
    Object.assign(el, { contentSrc: url, styleSrc: udnie });
    expect(['stylized', 'content-load']).to.include(await outcome);
    URL.revokeObjectURL(url);
  });

  it('a missing painting → style-load', async () => {
    const { detail } = await errorFor({ 'style-src': '/images/style/nope.jpg' });
    expect(detail.type).to.equal('style-load');
  });

  it('a cross-origin image without CORS → content-load mentioning CORS', async () => {
    const crossOrigin = `http://127.0.0.1:${location.port}${chicago}`;
    const { detail } = await errorFor({ 'content-src': crossOrigin });
    expect(detail.type).to.equal('content-load');
    expect(detail.message).to.contain('CORS');
  });

  it('an unknown model id → invalid-attribute listing the known ones', async () => {
    const { detail } = await errorFor({ model: 'picasso-9000' });
    expect(detail.type).to.equal('invalid-attribute');
    expect(detail.message).to.contain('picasso-9000').and.contain('magenta');
  });

  for (const [url, scheme] of [['javascript:alert(1)', 'javascript:'], ['ftp://example.com/photo.jpg', 'ftp:']]) {
    it(`content-src="${url}" → content-load naming the scheme it cannot fetch`, async () => {
      const { detail } = await errorFor({ 'content-src': url });
      expect(detail.type).to.equal('content-load');
      expect(detail.message).to.contain(scheme).and.contain('http(s), blob: or data:');
    });
  }

  for (const strength of ['abc', '-0.5', '7', '0x1', '1e']) {
    it(`strength="${strength}" → invalid-attribute`, async () => {
      const { detail } = await errorFor({ strength });
      expect(detail.type).to.equal('invalid-attribute');
      expect(detail.message).to.contain('strength').and.contain(strength);
    });
  }

  // What pages write by mistake: `src`, or camelCase, which HTML lowercases (React 18 sets unknown props so).
  for (const [written, meant] of [['src', 'content-src'], ['contentSrc', 'content-src'], ['style_src', 'style-src']] as const) {
    it(`${written}="…" and no ${meant} → invalid-attribute naming both; with ${meant} set, it paints`, async () => {
      const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="64"></style-transfer>`);
      const sources = { 'content-src': chicago, 'style-src': udnie };
      const error = nextError(el);
      for (const [name, value] of Object.entries(sources)) el.setAttribute(name === meant ? written : name, value);
      const detail = await error;
      expect(detail.type).to.equal('invalid-attribute');
      expect(detail.message).to.contain(`"${written.toLowerCase()}"`).and.contain(`did you mean ${meant}="…"`);
      const painted = oneEvent(el, 'stylized');
      el.setAttribute(meant, sources[meant]);
      await painted;
    });
  }

  it('a missing source and no attribute that looks meant for it: no error, the element waits', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer style-src=${udnie} data-src=${chicago} title="src"></style-transfer>`);
    await el.stylize();
    expect(el.error).to.equal(undefined);
    expect(el.toDataURL()).to.equal('');
  });

  it('untiled, a photo with more pixels than one run can hold → too-large naming the largest size that fits; the page stays usable', async () => {
    const big = await resizedImageUrl(chicago, 3000, 2000);
    const { el, detail } = await errorFor({ 'content-src': big, 'max-size': '4096', 'tile-size': '0' });
    expect(detail.type).to.equal('too-large');
    expect(detail.message).to.contain('3000×2000');
    const side = Number(/at most (\d+) pixels/.exec(detail.message)?.[1]);
    const pixels = (longest: number) => longest * Math.round((longest * 2000) / 3000);
    expect(pixels(side)).to.be.at.most(MAX_PIXELS);
    expect(pixels(side + 2)).to.be.greaterThan(MAX_PIXELS);
    el.maxSize = 256;
    expect((await oneEvent(el, 'stylized')).detail.width).to.equal(256);
    URL.revokeObjectURL(big);
  });

  it('max-size="0" → invalid-attribute', async () => {
    const { detail } = await errorFor({ 'max-size': '0' });
    expect(detail.type).to.equal('invalid-attribute');
    expect(detail.message).to.contain('max-size');
  });

  for (const value of ['10', '300.5', 'big', '2048']) {
    it(`tile-size="${value}" → invalid-attribute naming the range`, async () => {
      const { detail } = await errorFor({ 'tile-size': value });
      expect(detail.type).to.equal('invalid-attribute');
      expect(detail.message).to.contain('tile-size must be 0 (never tile) or a whole number of pixels from 64 to 1024');
    });
  }

  it('junk bytes as a model file → model-integrity', async () => {
    const { detail } = await errorFor({ 'model-base-url': '/corrupt-models/' });
    expect(detail.type).to.equal('model-integrity');
  });

  it('a model file with 64 bytes flipped → model-integrity naming the file and both digests', async () => {
    const { detail } = await errorFor({ 'model-base-url': '/tampered-models/' });
    expect(detail.type).to.equal('model-integrity');
    // Both files load at once: either may be the one reported.
    const { styleNetwork, transformer } = MODEL_SETS.magenta;
    const named = [styleNetwork, transformer].find((file) => detail.message.includes(file.path));
    expect(named, detail.message).to.exist;
    expect(named).to.have.property('sha256').that.is.a('string');
    expect(detail.message).to.contain((named as { sha256: string }).sha256).and.match(/SHA-256 is [0-9a-f]{64}/);
  });

  it('a model folder on another origin without CORS → model-load naming the file and CORS', async () => {
    const { detail } = await errorFor({ 'model-base-url': `http://127.0.0.1:${location.port}/models/files/` });
    expect(detail.type).to.equal('model-load');
    expect(detail.message).to.contain('127.0.0.1').and.contain('.tflite could not be fetched').and.contain('CORS');
  });

  it('a missing model file → model-load naming where it looked', async () => {
    const { detail } = await errorFor({ 'model-base-url': '/no-models-here/' });
    expect(detail.type).to.equal('model-load');
    expect(detail.message).to.contain('/no-models-here/');
  });

  it('a missing model file and a photo that is not an image → model-load, the error of the models first', async () => {
    const { detail } = await errorFor({ 'model-base-url': '/no-models-here/', 'content-src': '/package.json' });
    expect(detail.type).to.equal('model-load');
  });

  it('stylize() rejects with the same error the event carries', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer></style-transfer>`);
    el.contentSrc = chicago;
    el.styleSrc = udnie;
    el.strength = Number.NaN;
    const error = await el.stylize().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.have.property('type', 'invalid-attribute');
    expect(error).to.have.property('name', 'StyleTransferError');
  });

  it('stays usable after an error, and leaks no tensors', async () => {
    const { el } = await errorFor({ 'content-src': '/images/content/nope.jpg' });
    const before = await tensorCount();
    el.contentSrc = chicago;
    await oneEvent(el, 'stylized');
    expect(canvasOf(el).width).to.equal(712);
    expect(await tensorCount()).to.equal(before);
  });

  it('toBlob() before any result rejects with InvalidStateError', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer></style-transfer>`);
    const error = await el.toBlob().catch((e: unknown) => e);
    expect(error).to.have.property('name', 'InvalidStateError');
  });
});

describe('<style-transfer> shows errors without script (for CMS pages)', () => {
  const errorBox = (el: StyleTransferElement) => el.shadowRoot!.querySelector<HTMLElement>('[part="error"]')!;

  it('reflects the error type as an attribute and shows the message until a good run', async () => {
    const { el, detail } = await errorFor({ 'content-src': '/images/content/nope.jpg' });
    await el.updateComplete;
    expect(el.getAttribute('error')).to.equal('content-load');
    expect(errorBox(el).hidden).to.equal(false);
    expect(errorBox(el).textContent).to.contain(detail.message);
    expect(getComputedStyle(errorBox(el)).display).to.not.equal('none');

    el.contentSrc = chicago;
    await oneEvent(el, 'stylized');
    await el.updateComplete;
    expect(el.hasAttribute('error')).to.equal(false);
    expect(errorBox(el).hidden).to.equal(true);
    expect(getComputedStyle(errorBox(el)).display).to.equal('none');
  });

  it('lets the page replace the message through the error slot; the placeholder gives way to it', async () => {
    const el = await fixture<StyleTransferElement>(
      html`<style-transfer content-src="/images/content/nope.jpg" style-src=${udnie}>Loading…<span slot="error">Bild nicht gefunden</span></style-transfer>`,
    );
    const placeholder = el.shadowRoot!.querySelector<HTMLSlotElement>('slot:not([name])')!;
    expect(placeholder.hidden, 'the placeholder while loading').to.equal(false);
    await nextError(el);
    await el.updateComplete;
    const slot = errorBox(el).querySelector<HTMLSlotElement>('slot[name="error"]')!;
    expect(slot.assignedNodes().map((n) => n.textContent)).to.deep.equal(['Bild nicht gefunden']);
    expect(placeholder.hidden, '"Loading…" beside an error says the wrong thing').to.equal(true);
  });
});

describe('a model file that does not fit its model set', () => {
  it('another published file under its name → model-integrity, before any run', async () => {
    // The fp16 transformer served where the style network should be.
    const { detail } = await errorFor({ 'model-base-url': '/wrong-models/' });
    expect(detail.type).to.equal('model-integrity');
    expect(detail.message).to.contain(MODEL_SETS.magenta.styleNetwork.path);
  });

  it('a graph without the inputs its role needs, or of another rank → model-load naming the file and the input', async () => {
    // Where no digest can be checked (pages that are not a secure context), the input contract still holds.
    const { runtime } = await Networks.load();
    const bytes = tfliteModel({ tensors: [{ name: 'x', shape: [1, 2, 2, 3] }, { name: 'out', shape: [1, 2, 2, 3] }], inputs: [0], outputs: [1], ops: [{ opcode: 19, inputs: [0], outputs: [1] }] });
    const model = await runtime.loadGraphModel({ load: async () => tfliteArtifacts(bytes) });
    expect(() => requireInputs(model, 'tiny.tflite', ['style_image'])).to.throw('tiny.tflite does not take the input style_image (its inputs: x)');
    model.dispose();
    const flat = tfliteModel({ tensors: [{ name: 'x', shape: [1, 100] }, { name: 'out', shape: [1, 100] }], inputs: [0], outputs: [1], ops: [{ opcode: 19, inputs: [0], outputs: [1] }] });
    const flatModel = await runtime.loadGraphModel({ load: async () => tfliteArtifacts(flat) });
    expect(() => requireInputs(flatModel, 'flat.tflite', ['x'])).to.throw('flat.tflite takes x with 2 dimensions');
    flatModel.dispose();
  });
});
