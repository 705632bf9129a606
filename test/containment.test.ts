/**
 * A failure belongs to the run that caused it: other elements on the page paint on. Every download is bounded
 * (a server that hangs or stops halfway ends in a typed error naming it), and nothing false is painted as a
 * success (non-finite style data is refused). The server's faults come from web-test-runner.config.mjs.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { WorkerStylizer } from '../src/engine/worker-stylizer.js';
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import type { ErrorEventDetail, StylizedEventDetail } from '../src/style-transfer/style-transfer.events.js';
import { canvasOf, nextError } from './helpers/element.js';
import { contentImages, MODEL_BASE, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';
import { tfliteModel } from './helpers/tflite-builder.js';
import { MODEL_SETS } from '../src/models/model-sets.js';

const [, , , beach] = contentImages;
const [udnie, , stripes] = styleImages;

/** What an element ends in: its result, or its error. */
function outcome(el: StyleTransferElement): Promise<{ painted?: StylizedEventDetail; error?: ErrorEventDetail }> {
  return Promise.race([
    oneEvent(el, 'stylized').then((event) => ({ painted: (event as CustomEvent<StylizedEventDetail>).detail })),
    nextError(el).then((error) => ({ error })),
  ]);
}

async function element(attributes: Record<string, string>): Promise<StyleTransferElement> {
  const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="64"></style-transfer>`);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  return el;
}

describe('failures stay contained', () => {
  it('a gallery with a dropped photo download and a null model descriptor: every other element paints', async () => {
    const good = Array.from({ length: 5 }, (_, i) => ({ 'content-src': beach, 'style-src': i % 2 ? udnie : stripes, strength: String(0.5 + i / 10) }));
    const dropped = { 'content-src': `/faulty/drop${beach}`, 'style-src': udnie };
    const nullModel = { 'content-src': beach, 'style-src': udnie, model: '/test/fixtures/null.model.json' };
    const elements = await Promise.all([...good, dropped, nullModel].map(element));
    const outcomes = await Promise.all(elements.map(outcome));
    expect(outcomes.slice(0, 5).map((o) => o.painted?.thread ?? o.error?.message)).to.deep.equal(Array(5).fill('worker'));
    expect(outcomes[5].error).to.include({ type: 'content-load' });
    expect(outcomes[5].error!.message).to.contain(`/faulty/drop${beach}`).and.contain('connection dropped');
    expect(outcomes[6].error).to.include({ type: 'model-load' });
    expect(outcomes[6].error!.message).to.contain('null.model.json').and.contain('not a JSON object');
  });

  it('a run that fails inside its networks fails alone: the worker keeps its models, and other runs paint', async () => {
    await new WorkerStylizer().preload();
    const [failing, painting] = await Promise.all([
      element({ 'content-src': beach, 'style-src': stripes, model: '/test/fixtures/failing-style-network.model.json' }),
      element({ 'content-src': beach, 'style-src': udnie }),
    ]);
    const [failed, painted] = await Promise.all([outcome(failing), outcome(painting)]);
    expect(failed.error).to.include({ type: 'inference' });
    expect(painted.painted?.thread).to.equal('worker');
    // The same worker, its models still loaded: no restart.
    expect(await new WorkerStylizer().numTensors()).to.be.greaterThan(0);
    const again = outcome(failing);
    failing.model = 'magenta';
    expect((await again).painted?.thread).to.equal('worker');
  });
});

describe('every download is bounded', () => {
  before(() => (StyleTransferElement.stallTimeout = 1500));
  after(() => (StyleTransferElement.stallTimeout = undefined));

  for (const fault of ['hang', 'stall'] as const) {
    it(`a photo whose server ${fault === 'hang' ? 'never answers' : 'stops sending halfway'} → content-load naming it, after the stall timeout`, async () => {
      const { error } = await outcome(await element({ 'content-src': `/faulty/${fault}${beach}`, 'style-src': udnie }));
      expect(error).to.include({ type: 'content-load' });
      expect(error!.message).to.contain(`/faulty/${fault}${beach}`).and.contain('sent nothing for 1.5 s');
    });
  }

  it('a painting whose server stops halfway → style-load', async () => {
    const { error } = await outcome(await element({ 'content-src': beach, 'style-src': `/faulty/stall${stripes}` }));
    expect(error).to.include({ type: 'style-load' });
    expect(error!.message).to.contain('sent nothing for 1.5 s');
  });

  it('a model file whose server never answers → model-load naming the file', async () => {
    const { error } = await outcome(await element({ 'content-src': beach, 'style-src': udnie, 'model-base-url': '/faulty/hang/models/files/' }));
    expect(error).to.include({ type: 'model-load' });
    expect(error!.message).to.contain('/faulty/hang/models/files/magenta-tflite/').and.contain('sent nothing for 1.5 s');
  });
});

describe('no false success', () => {
  it('a painting weighted 1e308 paints as weight 1 (weights are normalised before they multiply)', async () => {
    const [huge, plain] = await Promise.all([
      element({ 'content-src': beach, 'style-src': `${udnie} 1e308` }),
      element({ 'content-src': beach, 'style-src': udnie }),
    ]);
    const [a, b] = await Promise.all([outcome(huge), outcome(plain)]);
    expect([a.painted?.width, b.painted?.width]).to.deep.equal([64, 64]);
    expect(meanAbsDiff(rgbaBytes(canvasOf(huge)), rgbaBytes(canvasOf(plain)))).to.equal(0);
  });

  for (const [what, styles, expected] of [
    ['a NaN style vector', [{ vector: new Float32Array(100).fill(Number.NaN) }], 'holds NaN at index 0'],
    ['an infinite weight', [{ src: udnie, weight: Number.POSITIVE_INFINITY }], 'finite style weights'],
    ['a string', 'udnie.jpg', 'styles must be an array'],
  ] as const) {
    it(`styles = ${what} → invalid-attribute, nothing painted`, async () => {
      const el = await element({ 'content-src': beach });
      const result = outcome(el);
      el.styles = styles as never;
      const { painted, error } = await result;
      expect(painted).to.equal(undefined);
      expect(error).to.include({ type: 'invalid-attribute' });
      expect(error!.message).to.contain(expected);
    });
  }

  it('style-src with a weight of 1e999 (infinity) → invalid-attribute naming the entry', async () => {
    const { error } = await outcome(await element({ 'content-src': beach, 'style-src': `${udnie} 1e999` }));
    expect(error).to.include({ type: 'invalid-attribute' });
    expect(error!.message).to.contain('1e999');
  });

  it('a style vector of 1e30s (the network would saturate to a flat picture) → invalid-attribute naming the value', async () => {
    const el = await element({ 'content-src': beach });
    const result = outcome(el);
    el.styles = [{ vector: new Float32Array(100).fill(1e30) }];
    const { painted, error } = await result;
    expect(painted).to.equal(undefined);
    expect(error).to.include({ type: 'invalid-attribute' });
    expect(error!.message).to.contain('holds 1.0000000150474662e+30 at index 0');
  });

  it('a model whose transformer computes NaN → inference, nothing painted', async () => {
    // A transformer of its own, as a page may bring one: 0 / 0 for every pixel.
    const content = { name: 'content_image', shape: [1, 64, 64, 3] };
    const transformer = tfliteModel({
      tensors: [content, { name: 'mobilenet_conv/Conv/BiasAdd', shape: [1, 1, 1, 100] }, { name: 'zero', shape: [1, 64, 64, 3] }, { name: 'nan', shape: [1, 64, 64, 3] }],
      inputs: [0, 1],
      outputs: [3],
      ops: [
        { opcode: 41 /* SUB */, inputs: [0, 0], outputs: [2] },
        { opcode: 42 /* DIV */, inputs: [2, 2], outputs: [3] },
      ],
    });
    const { styleNetwork } = MODEL_SETS.magenta;
    const descriptor = {
      styleNetwork: { url: new URL(`${MODEL_BASE}${styleNetwork.path}`, location.href).href, format: 'tflite', input: styleNetwork.input },
      transformer: { url: URL.createObjectURL(new Blob([transformer as Uint8Array<ArrayBuffer>])), format: 'tflite', contentInput: 'content_image', styleInput: 'mobilenet_conv/Conv/BiasAdd' },
    };
    const model = URL.createObjectURL(new Blob([JSON.stringify(descriptor)], { type: 'application/json' }));
    const { painted, error } = await outcome(await element({ 'content-src': beach, 'style-src': udnie, model }));
    expect(painted).to.equal(undefined);
    expect(error).to.include({ type: 'inference' });
    expect(error!.message).to.contain('non-finite');
  });

  it('a closed ImageBitmap as the photo → content-load saying it is closed', async () => {
    const bitmap = await createImageBitmap(await (await fetch(beach)).blob());
    bitmap.close();
    const el = await element({ 'style-src': udnie });
    const result = outcome(el);
    el.content = bitmap;
    const { error } = await result;
    expect(error).to.include({ type: 'content-load' });
    expect(error!.message).to.contain('closed');
  });
});

describe('integrity without SubtleCrypto (a page that is not a secure context)', () => {
  it('a tampered model file is still refused as model-integrity', async () => {
    const subtle = Object.getOwnPropertyDescriptor(Crypto.prototype, 'subtle')!;
    Object.defineProperty(Crypto.prototype, 'subtle', { configurable: true, get: () => undefined });
    try {
      expect(globalThis.crypto.subtle).to.equal(undefined);
      const stylizer = new InThreadStylizer({ modelBaseUrl: '/tampered-models/', storeConvertedModels: false });
      const error = await stylizer.stylize({ content: beach, styles: [{ src: udnie }], maxSize: 64 }).catch((e: unknown) => e);
      expect(error).to.include({ type: 'model-integrity' });
      expect((error as Error).message).to.contain('SHA-256');
    } finally {
      Object.defineProperty(Crypto.prototype, 'subtle', subtle);
    }
  });
});
