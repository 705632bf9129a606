/**
 * The seed demo's TF.js sets are built in at their public URLs. Only the separable transformer has an offline
 * mirror, so that is what these tests prove against real bytes; the sets themselves either paint (online) or
 * fail with a `model-load` error naming the public URL (offline, as in CI), cleanly either way.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import type { ErrorEventDetail } from '../src/style-transfer/style-transfer.events.js';
import { releaseModels, type StylizeResult, StyleTransferError } from '../src/engine/index.js';
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { padToMultiple } from '../src/engine/networks.js';
import { loadRuntime } from '../src/internal/tf-runtime.js';
import { discardModelFile, loadModelFile } from '../src/models/load-model.js';
import { MODEL_SETS, type ModelSet } from '../src/models/model-sets.js';
import { canvasOf, nextError, tensorCount } from './helpers/element.js';
import { bitmapOf, contentImages, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';

const beach = contentImages[3]; // 256²
const [udnie] = styleImages;

const SITE = 'https://reiinakano.github.io/arbitrary-image-stylization-tfjs/';
/** Each seed set's style network and transformer: folders on the seed demo's site. */
const SEED_SETS: Record<string, [style: string, transformer: string]> = {
  'seed-mobilenet-separable': ['saved_model_style_js', 'saved_model_transformer_separable_js'],
  'seed-mobilenet-original': ['saved_model_style_js', 'saved_model_transformer_js'],
  'seed-inception-separable': ['saved_model_style_inception_js', 'saved_model_transformer_separable_js'],
  'seed-inception-original': ['saved_model_style_inception_js', 'saved_model_transformer_js'],
};
const publicUrl = (folder: string) => `${SITE}${folder}/model.json`;
const urlsOf = (id: string) => SEED_SETS[id].map(publicUrl);
/** The offline mirror of the seed's separable transformer, as the test server serves it (see models/manifest.json). */
const MIRROR = new URL('/models/files/seed-tfjs/saved_model_transformer_separable_js/model.json', location.href).href;

type Node = { name: string; op: string; attr: { shape?: { shape: { dim: { size: string }[] } } } };

/** A TF.js graph model's inputs (its Placeholder nodes) and their shapes, read from its model.json. */
async function placeholders(url: string): Promise<Record<string, number[]>> {
  const { modelTopology } = (await (await fetch(url)).json()) as { modelTopology: { node: Node[] } };
  const inputs = modelTopology.node.filter((node) => node.op === 'Placeholder');
  return Object.fromEntries(inputs.map((node) => [node.name, node.attr.shape!.shape.dim.map((d) => Number(d.size))]));
}

/** A result that differs from the photo, or a model-load error naming one of the set's public URLs. */
function expectPaintedOrOffline(id: string, outcome: { painted?: Uint8ClampedArray; error?: { type: string; message: string } }, photo: Uint8ClampedArray) {
  if (outcome.painted) {
    const diff = meanAbsDiff(outcome.painted, photo);
    console.log(`${id} reached the seed's site and painted: ${diff.toFixed(1)}/255 away from the photo`);
    expect(diff).to.be.greaterThan(10);
  } else {
    console.log(`${id} is offline here: ${outcome.error?.message}`);
    expect(outcome.error).to.have.property('type', 'model-load');
    expect(urlsOf(id).some((url) => outcome.error!.message.includes(url)), outcome.error!.message).to.equal(true);
  }
}

describe("the seed demo's built-in TF.js sets", () => {
  it('are built in, each pairing a seed style network with a seed transformer at its public URL', () => {
    for (const [id, [style, transformer]] of Object.entries(SEED_SETS)) {
      const set = MODEL_SETS[id];
      expect(set, id).to.be.an('object');
      expect(set.id).to.equal(id);
      expect(set.styleNetwork).to.include({ url: publicUrl(style), path: publicUrl(style), format: 'tfjs', input: 'Placeholder' });
      expect(set.transformer).to.include({ url: publicUrl(transformer), path: publicUrl(transformer), format: 'tfjs' });
      // What the seed's main.js feeds both networks: pixels divided by 255, and 100-number style vectors.
      expect(set).to.deep.include({ inputRange: [0, 1], vectorLength: 100, sizeMultiple: 4, styleSize: 256, license: 'Apache-2.0' });
      expect(set.description).to.contain('reiinakano.github.io').and.contain('Apache-2.0');
    }
  });

  it("the separable sets name the mirrored transformer's inputs, with the shapes the engine feeds", async () => {
    const inputs = await placeholders(MIRROR);
    for (const id of Object.keys(SEED_SETS).filter((id) => id.endsWith('-separable'))) {
      const { contentInput, styleInput } = MODEL_SETS[id].transformer;
      expect(Object.keys(inputs).sort(), id).to.deep.equal([contentInput, styleInput].sort());
      expect(inputs[contentInput]).to.deep.equal([-1, -1, -1, 3]);
      expect(inputs[styleInput]).to.deep.equal([-1, 1, 1, MODEL_SETS[id].vectorLength]);
    }
  });

  it('the mirrored separable transformer, loaded as the set describes it, needs sides padded to 4 and paints in [0, 1]', async () => {
    const set: ModelSet = MODEL_SETS['seed-mobilenet-separable'];
    // The set's file with its URL pointed at the mirror: the loader must take `url`, not `path` (the public URL).
    const file = { ...set.transformer, url: MIRROR };
    const { tf } = await loadRuntime();
    const model = await loadModelFile(loadRuntime(), file, { baseUrl: '/nowhere/' });
    const before = tf.memory().numTensors;
    const photo = tf.randomUniform([1, 70, 90, 3]) as Tensor4D;
    const vector = tf.randomNormal([1, 1, 1, set.vectorLength]);
    const run = (multiple: number) =>
      tf.tidy(() => {
        const padded = padToMultiple(tf, photo, multiple);
        const out = model.execute({ [set.transformer.contentInput]: padded, [set.transformer.styleInput]: vector }) as Tensor;
        return { inShape: padded.shape, out: tf.keep(out) };
      });
    const halved = run(2); // 70 × 90 is even, but 35 × 45 is not: the second stride-2 convolution rounds up
    expect(halved.out.shape).to.not.deep.equal(halved.inShape);
    const padded = run(set.sizeMultiple);
    expect(padded.out.shape).to.deep.equal(padded.inShape);
    const values = await padded.out.data();
    expect(Math.min(...values)).to.be.at.least(0);
    expect(Math.max(...values)).to.be.at.most(1);
    tf.dispose([photo, vector, halved.out, padded.out]);
    expect(tf.memory().numTensors).to.equal(before);
    await discardModelFile(file);
  });

  it('model="seed-mobilenet-separable" paints, or (offline) reports model-load naming the public URL; no crash, no leak', async () => {
    await releaseModels();
    const before = await tensorCount();
    const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="256"></style-transfer>`);
    const settled = Promise.race([
      oneEvent(el, 'stylized').then(() => ({ painted: rgbaBytes(canvasOf(el)) })),
      nextError(el).then((error: ErrorEventDetail) => ({ error })),
    ]);
    Object.assign(el, { model: 'seed-mobilenet-separable', contentSrc: beach, styleSrc: udnie });
    expectPaintedOrOffline('seed-mobilenet-separable', await settled, rgbaBytes(await bitmapOf(beach)));

    // The element (and its worker) stays usable: the default set paints next.
    const stylized = oneEvent(el, 'stylized');
    el.model = 'magenta';
    expect((await stylized).detail).to.include({ model: 'magenta', width: 256 });
    await releaseModels();
    expect(await tensorCount()).to.equal(before);
  });

  it('a main-thread Stylizer with a seed set paints, or (offline) rejects with model-load naming the public URL', async () => {
    const stylizer = new InThreadStylizer();
    await releaseModels();
    const before = await stylizer.numTensors();
    const id = 'seed-inception-original';
    const outcome = await stylizer.stylize({ content: beach, styles: [{ src: udnie }], model: id, maxSize: 256 }).then(
      (result: StylizeResult) => ({ painted: result.image.data }),
      (error: unknown) => {
        expect(error).to.be.instanceOf(StyleTransferError);
        return { error: error as StyleTransferError };
      },
    );
    expectPaintedOrOffline(id, outcome, rgbaBytes(await bitmapOf(beach)));
    await releaseModels();
    expect(await stylizer.numTensors()).to.equal(before);
  });
});
