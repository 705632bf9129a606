/**
 * The faster forms the adapter gives some convolutions (sub-pixel.ts, column-pairs.ts): each tiny model
 * must give what TF.js's own ops give for the original layers, and must really take the faster form.
 */
import { expect } from '@open-wc/testing';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { Networks } from '../src/engine/networks.js';
import type { GraphNode } from '../src/models/tflite/graph-builder.js';
import { MIRROR_PAD_OP, mirrorPad, type MirrorPadMode, type Paddings, ROW_COPY_KERNEL } from '../src/models/tflite/mirror-pad.js';
import { tfliteArtifacts } from '../src/models/tflite/tflite-io-handler.js';
import type { ConversionOptions } from '../src/models/tflite/tflite-to-graph.js';
import { type OpSpec, tfliteModel, type TensorSpec } from './helpers/tflite-builder.js';

type Tf = Networks['runtime']['tf'];
const [CONV_2D, RESIZE_NEAREST_NEIGHBOR, MIRROR_PAD] = [3, 97, 100];
const INT32 = 2;
const VALID_RELU = [{ field: 0, int8: 1 }, { field: 1, int32: 1 }, { field: 2, int32: 1 }, { field: 3, int8: 1 }];

interface Layers {
  /** The model input's [1, h, w, c] in the file (runs take any size). */
  input: number[];
  upsample: boolean;
  pad: number;
  kernel: number;
  outChannels: number;
}

const values = (length: number, f: (i: number) => number) => Float32Array.from({ length }, (_, i) => f(i));

/** x → [×2 nearest-neighbour resize] → reflection pad → k×k VALID convolution with bias and RELU. */
function layers({ input, upsample, pad, kernel: k, outChannels }: Layers) {
  const [, h, w, c] = input;
  const [uh, uw] = upsample ? [2 * h, 2 * w] : [h, w];
  const filter = values(outChannels * k * k * c, (i) => Math.sin(i * 0.37) * 0.3);
  const bias = values(outChannels, (i) => 0.1 * i - 0.05);
  const tensors: TensorSpec[] = [
    { name: 'x', shape: input },
    { name: 'size', shape: [2], type: INT32, data: Int32Array.of(uh, uw) },
    { name: 'upsampled', shape: [1, uh, uw, c] },
    { name: 'paddings', shape: [4, 2], type: INT32, data: Int32Array.of(0, 0, pad, pad, pad, pad, 0, 0) },
    { name: 'padded', shape: [1, uh + 2 * pad, uw + 2 * pad, c] },
    { name: 'filter', shape: [outChannels, k, k, c], data: filter },
    { name: 'bias', shape: [outChannels], data: bias },
    { name: 'out', shape: [1, uh + 2 * pad - k + 1, uw + 2 * pad - k + 1, outChannels] },
  ];
  const ops = [
    { opcode: MIRROR_PAD, inputs: [upsample ? 2 : 0, 3], outputs: [4] },
    { opcode: CONV_2D, inputs: [4, 5, 6], outputs: [7], options: VALID_RELU },
  ];
  if (upsample) ops.unshift({ opcode: RESIZE_NEAREST_NEIGHBOR, inputs: [0, 1], outputs: [2] });
  const bytes = tfliteModel({ tensors, inputs: [0], outputs: [7], ops });
  const expected = (tf: Tf, x: Tensor4D) => {
    const upsampled = upsample ? tf.image.resizeNearestNeighbor(x, [2 * x.shape[1], 2 * x.shape[2]]) : x;
    const padded = tf.mirrorPad(upsampled, [[0, 0], [pad, pad], [pad, pad], [0, 0]], 'reflect');
    const hwio = tf.transpose(tf.tensor4d(filter, [outChannels, k, k, c]), [1, 2, 3, 0]) as Tensor4D;
    return tf.relu(tf.add(tf.conv2d(padded, hwio, 1, 'valid'), tf.tensor1d(bias)));
  };
  return { bytes, expected };
}

/** Runs the converted model at `runShape` against TF.js's ops; returns the converted graph's ops and filter shapes. */
async function matches(spec: Layers, runShape: number[], options?: ConversionOptions): Promise<{ ops: string[]; filters: string[] }> {
  const { runtime } = await Networks.load();
  const { tf } = runtime;
  const { bytes, expected } = layers(spec);
  const artifacts = tfliteArtifacts(bytes, options);
  const model = await runtime.loadGraphModel({ load: async () => artifacts });
  const x = tf.reshape(tf.sin(tf.range(0, runShape.reduce((a, b) => a * b, 1))), runShape) as Tensor4D;
  const got = model.execute(x) as Tensor;
  const want = expected(tf, x);
  expect(got.shape).to.deep.equal(want.shape);
  const [a, b] = [await got.data(), await want.data()];
  a.forEach((v, i) => expect(v, `element ${i}`).to.be.closeTo(b[i], 1e-4));
  tf.dispose([x, got, want]);
  model.dispose();
  return {
    ops: (artifacts.modelTopology as { node: GraphNode[] }).node.map((node) => node.op),
    filters: artifacts.weightSpecs!.filter((spec) => spec.shape.length === 4).map((spec) => spec.shape.join('×')),
  };
}

describe('faster forms of convolutions', () => {
  it('an upsample ×2, a 1-pixel reflection pad and a 3×3 convolution run at the low resolution (sub-pixel)', async () => {
    const { ops, filters } = await matches({ input: [1, 4, 4, 6], upsample: true, pad: 1, kernel: 3, outChannels: 5 }, [1, 5, 7, 6]);
    expect(ops).not.to.include('ResizeNearestNeighbor');
    expect(ops).to.include(MIRROR_PAD_OP).and.not.include('MirrorPad');
    expect(filters).to.deep.equal(['2×3×6×10', '2×3×6×10']);
  });

  it('a 9×9 convolution to 3 channels of an upsampled image runs over pairs of pixels', async () => {
    const { filters } = await matches({ input: [1, 4, 4, 8], upsample: true, pad: 4, kernel: 9, outChannels: 3 }, [1, 5, 7, 8]);
    expect(filters).to.deep.equal(['9×5×16×6']);
  });

  it('keeps a 9×9 convolution to 3 channels as it is where the size may be odd', async () => {
    const { filters } = await matches({ input: [1, 12, 12, 8], upsample: false, pad: 4, kernel: 9, outChannels: 3 }, [1, 11, 13, 8]);
    expect(filters).to.deep.equal(['9×9×8×3']);
  });

  it('a 9×9 convolution from 3 channels runs over pairs where inputs come padded to even sides (the first layer)', async () => {
    const spec = { input: [1, 12, 12, 3], upsample: false, pad: 4, kernel: 9, outChannels: 8 };
    expect((await matches(spec, [1, 10, 14, 3], { inputSizeMultiple: 2 })).filters).to.deep.equal(['9×5×6×16']);
    // Without that promise the sides may be odd: no pairs.
    expect((await matches(spec, [1, 11, 13, 3])).filters).to.deep.equal(['9×9×3×8']);
  });

  it('keeps a convolution with 8 channels or more on both sides as it is', async () => {
    const { filters } = await matches({ input: [1, 4, 4, 8], upsample: true, pad: 4, kernel: 9, outChannels: 8 }, [1, 5, 7, 8]);
    expect(filters).to.deep.equal(['9×9×8×8']);
  });
});

describe('mirror padding by row copies', () => {
  const cases: [number[], Paddings, MirrorPadMode][] = [
    [[1, 5, 7, 3], [[0, 0], [2, 1], [3, 0], [0, 0]], 'reflect'],
    [[1, 9, 9, 8], [[0, 0], [4, 4], [4, 4], [0, 0]], 'reflect'],
    [[1, 4, 6, 2], [[0, 0], [4, 0], [1, 6], [0, 0]], 'symmetric'],
    [[1, 3, 1, 5], [[0, 0], [0, 1], [1, 1], [0, 0]], 'symmetric'],
  ];
  for (const [shape, paddings, mode] of cases) {
    it(`${shape.join('×')} padded ${paddings.slice(1, 3).flat().join(',')} (${mode}): TF.js's MirrorPad values, by row copies`, async () => {
      const { tf } = (await Networks.load()).runtime;
      const x = tf.reshape(tf.sin(tf.range(0, shape.reduce((a, b) => a * b, 1))), shape) as Tensor4D;
      let got: Tensor | undefined;
      const { kernelNames } = await tf.profile(() => (got = mirrorPad({ tf }, x, paddings, mode)));
      expect(kernelNames).to.include(ROW_COPY_KERNEL).and.not.include('MirrorPad');
      const want = tf.mirrorPad(x, paddings, mode);
      expect(got!.shape).to.deep.equal(want.shape);
      expect(Array.from(await got!.data())).to.deep.equal(Array.from(await want.data()));
      tf.dispose([x, got!, want]);
    });
  }

  it('leaves what it does not copy by rows to TF.js: other axes padded, several images, pads wider than the image', async () => {
    const { tf } = (await Networks.load()).runtime;
    const x = tf.reshape(tf.range(0, 24), [1, 2, 3, 4]) as Tensor4D;
    const channels: Paddings = [[0, 0], [1, 1], [1, 1], [1, 2]];
    let got: Tensor | undefined;
    const { kernelNames } = await tf.profile(() => (got = mirrorPad({ tf }, x, channels, 'reflect')));
    expect(kernelNames).to.include('MirrorPad').and.not.include(ROW_COPY_KERNEL);
    const want = tf.mirrorPad(x, channels, 'reflect');
    expect(Array.from(await got!.data())).to.deep.equal(Array.from(await want.data()));
    expect(() => mirrorPad({ tf }, x, [[0, 0], [2, 0], [0, 0], [0, 0]], 'reflect')).to.throw();
    const two = tf.reshape(tf.range(0, 24), [2, 3, 2, 2]) as Tensor4D;
    const sides: Paddings = [[0, 0], [1, 1], [1, 0], [0, 0]];
    let both: Tensor | undefined;
    expect((await tf.profile(() => (both = mirrorPad({ tf }, two, sides, 'symmetric')))).kernelNames).not.to.include(ROW_COPY_KERNEL);
    const bothWanted = tf.mirrorPad(two, sides, 'symmetric');
    expect(Array.from(await both!.data())).to.deep.equal(Array.from(await bothWanted.data()));
    tf.dispose([x, got!, want, two, both!, bothWanted]);
  });
});

/**
 * Instance normalisation's per-channel arithmetic: the image's squared deviation from a per-channel mean, and
 * `x · scale + shift` with a fused ReLU, each as a tiny model whose per-channel operands are graph inputs.
 */
async function perChannel(opsFor: (image: number, perChannel: number[]) => OpSpec[], outputs: number, expected: (tf: Tf, x: Tensor4D, a: Tensor4D, b: Tensor4D) => Tensor) {
  const { runtime } = await Networks.load();
  const { tf } = runtime;
  const [h, w, c] = [5, 7, 6];
  const tensors: TensorSpec[] = [
    { name: 'x', shape: [1, h, w, c] },
    { name: 'a', shape: [1, 1, 1, c] },
    { name: 'b', shape: [1, 1, 1, c] },
    { name: 'product', shape: [1, h, w, c] },
    { name: 'out', shape: [1, h, w, c] },
    { name: 'also_out', shape: [1, h, w, c] },
  ];
  const bytes = tfliteModel({ tensors, inputs: [0, 1, 2], outputs: [4, 5].slice(0, outputs), ops: opsFor(0, [1, 2]) });
  const artifacts = tfliteArtifacts(bytes);
  const model = await runtime.loadGraphModel({ load: async () => artifacts });
  const sine = (shape: number[], phase: number) => tf.reshape(tf.sin(tf.add(tf.range(0, shape.reduce((p, q) => p * q, 1)), phase)), shape) as Tensor4D;
  const [x, a, b] = [sine([1, h, w, c], 0), sine([1, 1, 1, c], 1), sine([1, 1, 1, c], 2)];
  const got = model.execute({ x, a, b }) as Tensor | Tensor[];
  const want = expected(tf, x, a, b);
  const [gotData, wantData] = [await (Array.isArray(got) ? got[0] : got).data(), await want.data()];
  gotData.forEach((v, i) => expect(v, `element ${i}`).to.be.closeTo(wantData[i], 1e-6));
  tf.dispose([x, a, b, got as Tensor, want]);
  model.dispose();
  return (artifacts.modelTopology as { node: GraphNode[] }).node.map((node) => node.op);
}

describe('per-channel forms of instance normalisation', () => {
  const [ADD, MUL, SQUARED_DIFFERENCE] = [0, 18, 99];
  const RELU = [{ field: 0, int8: 1 }];

  it('x · scale + shift with a fused ReLU runs as one 1×1 depthwise convolution', async () => {
    const ops = await perChannel(
      (x, [a, b]) => [
        { opcode: MUL, inputs: [x, a], outputs: [3] },
        { opcode: ADD, inputs: [3, b], outputs: [4], options: RELU },
      ],
      1,
      (tf, x, a, b) => tf.relu(tf.add(tf.mul(x, a), b)),
    );
    expect(ops).to.include('FusedDepthwiseConv2dNative');
    expect(ops).not.to.include.members(['Mul', 'AddV2', 'Relu']);
  });

  it('keeps MUL and ADD as they are where the product is used elsewhere too', async () => {
    const ops = await perChannel(
      (x, [a, b]) => [
        { opcode: MUL, inputs: [x, a], outputs: [3] },
        { opcode: ADD, inputs: [b, 3], outputs: [4] },
        { opcode: ADD, inputs: [3, 3], outputs: [5] },
      ],
      2,
      (tf, x, a, b) => tf.add(tf.mul(x, a), b),
    );
    expect(ops).to.include.members(['Mul', 'AddV2']);
    expect(ops).not.to.include('FusedDepthwiseConv2dNative');
  });

  it('the squared deviation from a per-channel mean runs as a 1×1 depthwise convolution and a square', async () => {
    const ops = await perChannel(
      (x, [mean]) => [{ opcode: SQUARED_DIFFERENCE, inputs: [mean, x], outputs: [4] }],
      1,
      (tf, x, a) => tf.squaredDifference(x, a),
    );
    expect(ops).to.include.members(['FusedDepthwiseConv2dNative', 'Square']);
    expect(ops).not.to.include('SquaredDifference');
  });
});
