/** The TF-Lite → GraphModel adapter on every model file, on sizes they were not exported for. */
import { expect } from '@open-wc/testing';
import type { Tensor } from '@tensorflow/tfjs-core';
import { SHIPPED_MODEL_SETS } from '../src/models/model-sets.js';
import { Networks } from '../src/engine/networks.js';
import { loadModelFile } from '../src/models/load-model.js';
import { loadRuntime } from '../src/internal/tf-runtime.js';
import { tfliteArtifacts } from '../src/models/tflite/tflite-io-handler.js';
import { MODEL_BASE } from './helpers/images.js';
import { tfliteModel } from './helpers/tflite-builder.js';

const transformers = SHIPPED_MODEL_SETS.map((set) => set.transformer);

/** A one-op TF-Lite model using builtin operator `opcode` on a [1, 4, 4, 3] float tensor. */
const oneOpModel = (opcode: number) =>
  tfliteModel({
    tensors: [
      { name: 'in', shape: [1, 4, 4, 3] },
      { name: 'out', shape: [1, 4, 4, 3] },
    ],
    inputs: [0],
    outputs: [1],
    ops: [{ opcode, inputs: [0], outputs: [1] }],
  });

describe('TF-Lite adapter', () => {
  it('rejects bytes that are not a TF-Lite model', async () => {
    const jpeg = new Uint8Array(await (await fetch('/images/content/beach.jpg')).arrayBuffer());
    expect(() => tfliteArtifacts(jpeg)).to.throw('not a TF-Lite model');
  });

  it('names an operator it does not support', () => {
    expect(() => tfliteArtifacts(oneOpModel(48))).to.throw('the model uses op TOPK_V2, which the TF-Lite adapter does not support');
  });

  it('translates a supported one-op model built with the flatbuffers builder', async () => {
    const { runtime } = await Networks.load();
    const { tf } = runtime;
    const model = await runtime.loadGraphModel({ load: async () => tfliteArtifacts(oneOpModel(14)) }); // LOGISTIC
    const x = tf.tensor4d([-2, 0, 2], [1, 1, 1, 3]);
    const y = model.execute(x) as Tensor;
    const expected = [-2, 0, 2].map((v) => 1 / (1 + Math.exp(-v)));
    Array.from(await y.data()).forEach((v, i) => expect(v).to.be.closeTo(expected[i], 1e-6));
    tf.dispose([x, y]);
    model.dispose();
  });

  for (const file of transformers) {
    it(`runs ${file.path} at 200×160 (not the 384² it was exported for)`, async () => {
      const { runtime } = await Networks.load();
      const { tf } = runtime;
      const model = await loadModelFile(loadRuntime(), file, { baseUrl: MODEL_BASE });
      const before = tf.memory().numTensors;
      const content = tf.randomUniform([1, 200, 160, 3]);
      const style = tf.randomNormal([1, 1, 1, 100]);
      const out = model.execute({ content_image: content, 'mobilenet_conv/Conv/BiasAdd': style }) as Tensor;
      expect(out.shape).to.deep.equal([1, 200, 160, 3]);
      const values = await out.data();
      expect(Math.min(...values)).to.be.at.least(0);
      expect(Math.max(...values)).to.be.at.most(1);
      tf.dispose([content, style, out]);
      expect(tf.memory().numTensors).to.equal(before);
    });
  }

  it("loads the seed demo's TF.js transformer (model.json) through the same loader", async () => {
    const { runtime } = await Networks.load();
    const { tf } = runtime;
    const model = await loadModelFile(loadRuntime(), { path: 'seed-tfjs/saved_model_transformer_separable_js/model.json', format: 'tfjs' }, { baseUrl: MODEL_BASE });
    const content = tf.randomUniform([1, 64, 64, 3]);
    const style = tf.randomNormal([1, 1, 1, 100]);
    const out = model.execute({ Placeholder: content, Placeholder_1: style }) as Tensor;
    expect(out.shape).to.deep.equal([1, 64, 64, 3]);
    tf.dispose([content, style, out]);
  });
});
