/**
 * One test per TF-Lite operator the adapter converts: a tiny model written with the flatbuffers
 * builder runs through tf.loadGraphModel and must match the same TF.js op computed directly.
 */
import { expect } from '@open-wc/testing';
import type { Tensor } from '@tensorflow/tfjs-core';
import { Networks } from '../src/engine/networks.js';
import { tfliteArtifacts } from '../src/models/tflite/tflite-io-handler.js';
import { type OpSpec, type TensorSpec, tfliteModel } from './helpers/tflite-builder.js';

type Tf = Networks['runtime']['tf'];
const SHAPE = [1, 2, 2, 3];
const INT8 = 9;
const INT32 = 2;
const ints = (...values: number[]) => Int32Array.from(values);
const SAME_STRIDE_1 = [{ field: 0, int8: 0 }, { field: 1, int32: 1 }, { field: 2, int32: 1 }];

interface Case {
  op: OpSpec['opcode'];
  /** Constant tensors the op takes after its input(s) `x` (and `y` when `binary`). */
  constants?: TensorSpec[];
  binary?: boolean;
  options?: OpSpec['options'];
  /** The output tensor, when not a float tensor of the input's shape. */
  output?: TensorSpec;
  /** The size to run at: the models' inputs take any height and width. */
  runShape?: number[];
  expected: (tf: Tf, x: Tensor, y: Tensor) => Tensor;
  tolerance?: number;
}

const filter = Float32Array.from({ length: 2 * 3 * 3 * 3 }, (_, i) => Math.sin(i));
const depthwise = Float32Array.from({ length: 3 * 3 * 3 }, (_, i) => Math.cos(i));

const CASES: Record<string, Case> = {
  'ADD with a fused RELU6': { op: 0, binary: true, options: [{ field: 0, int8: 3 }], expected: (tf, x, y) => tf.relu6(tf.add(x, y)) },
  SUB: { op: 41, binary: true, expected: (tf, x, y) => tf.sub(x, y) },
  'MUL with a fused RELU': { op: 18, binary: true, options: [{ field: 0, int8: 1 }], expected: (tf, x, y) => tf.relu(tf.mul(x, y)) },
  DIV: { op: 42, binary: true, expected: (tf, x, y) => tf.div(x, y) },
  SQUARED_DIFFERENCE: { op: 99, binary: true, expected: (tf, x, y) => tf.squaredDifference(x, y) },
  LOGISTIC: { op: 14, expected: (tf, x) => tf.sigmoid(x) },
  RSQRT: { op: 76, expected: (tf, x) => tf.rsqrt(x) },
  RELU: { op: 19, expected: (tf, x) => tf.relu(x) },
  RELU6: { op: 21, expected: (tf, x) => tf.relu6(x) },
  'CONV_2D (filter [out, h, w, in], bias, SAME)': {
    op: 3,
    constants: [
      { name: 'filter', shape: [2, 3, 3, 3], data: filter },
      { name: 'bias', shape: [2], data: Float32Array.of(0.5, -1) },
    ],
    options: SAME_STRIDE_1,
    runShape: [1, 5, 4, 3],
    expected: (tf, x) => tf.add(tf.conv2d(x as never, tf.transpose(tf.tensor4d(filter, [2, 3, 3, 3]), [1, 2, 3, 0]) as never, 1, 'same'), tf.tensor1d([0.5, -1])),
    tolerance: 1e-4,
  },
  'DEPTHWISE_CONV_2D (filter [1, h, w, channels])': {
    op: 4,
    constants: [
      { name: 'filter', shape: [1, 3, 3, 3], data: depthwise },
      { name: 'bias', shape: [3], data: Float32Array.of(0, 1, 2) },
    ],
    options: [...SAME_STRIDE_1, { field: 3, int32: 1 }],
    runShape: [1, 5, 4, 3],
    expected: (tf, x) => tf.add(tf.depthwiseConv2d(x as never, tf.tensor4d(depthwise, [3, 3, 3, 1]), 1, 'same'), tf.tensor1d([0, 1, 2])),
    tolerance: 1e-4,
  },
  'MEAN over height and width, keeping dims (one average pool over the image)': {
    op: 40,
    constants: [{ name: 'axes', shape: [2], type: INT32, data: ints(1, 2) }],
    options: [{ field: 0, bool: true }],
    output: { name: 'out', shape: [1, 1, 1, 3] },
    runShape: [1, 5, 7, 3],
    expected: (tf, x) => tf.mean(x, [1, 2], true),
  },
  'MEAN over channels, dropping dims (a plain Mean)': {
    op: 40,
    constants: [{ name: 'axes', shape: [1], type: INT32, data: ints(3) }],
    options: [{ field: 0, bool: false }],
    output: { name: 'out', shape: [1, 2, 2] },
    runShape: [1, 5, 7, 3],
    expected: (tf, x) => tf.mean(x, [3], false),
  },
  'MIRROR_PAD (reflect)': {
    op: 100,
    constants: [{ name: 'paddings', shape: [4, 2], type: INT32, data: ints(0, 0, 1, 1, 1, 1, 0, 0) }],
    runShape: [1, 3, 3, 3],
    expected: (tf, x) => tf.mirrorPad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], 'reflect'),
  },
  RESHAPE: {
    op: 22,
    constants: [{ name: 'new_shape', shape: [2], type: INT32, data: ints(1, 12) }],
    runShape: SHAPE,
    expected: (tf, x) => tf.reshape(x, [1, 12]),
  },
  'SHAPE (int32 out)': { op: 77, runShape: [1, 3, 5, 3], expected: (tf) => tf.tensor1d([1, 3, 5, 3], 'int32') },
  STRIDED_SLICE: {
    op: 45,
    constants: [
      { name: 'begin', shape: [4], type: INT32, data: ints(0, 1, 0, 1) },
      { name: 'end', shape: [4], type: INT32, data: ints(1, 3, 4, 3) },
      { name: 'strides', shape: [4], type: INT32, data: ints(1, 1, 2, 1) },
    ],
    runShape: [1, 3, 4, 3],
    expected: (tf, x) => tf.stridedSlice(x, [0, 1, 0, 1], [1, 3, 4, 3], [1, 1, 2, 1]),
  },
  'PACK on axis 1': {
    op: 83,
    binary: true,
    options: [{ field: 0, int32: 2 }, { field: 1, int32: 1 }],
    output: { name: 'out', shape: [1, 2, 2, 2, 3] },
    runShape: SHAPE,
    expected: (tf, x, y) => tf.stack([x, y], 1),
  },
  'RESIZE_NEAREST_NEIGHBOR with a constant size, generalised to "2 × input"': {
    op: 97,
    constants: [{ name: 'size', shape: [2], type: INT32, data: ints(4, 4) }],
    runShape: [1, 3, 5, 3],
    expected: (tf, x) => tf.image.resizeNearestNeighbor(x as never, [6, 10]),
  },
  'QUANTIZE to int8 (rounded to the grid, clamped to its range)': {
    op: 114,
    output: { name: 'out', shape: SHAPE, type: INT8, quantization: { scale: [0.02], zeroPoint: [0] } },
    expected: (tf, x) => tf.mul(tf.clipByValue(tf.round(tf.div(x, 0.02)), -128, 127), 0.02),
  },
};

/** Values in [-1.5, 2.5] (some beyond QUANTIZE's ±2.56), or in [1, 5] where an op needs them positive. */
function input(tf: Tf, shape: number[], seed: number, positive: boolean): Tensor {
  const values = tf.add(tf.mul(tf.sin(tf.range(seed, seed + shape.reduce((a, b) => a * b, 1))), 2), positive ? 3 : 0.5);
  return tf.reshape(values, shape);
}

describe('TF-Lite op converters', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const { runtime } = await Networks.load();
      const { tf } = runtime;
      const inputs = c.binary ? ['x', 'y'] : ['x'];
      const constants = c.constants ?? [];
      const tensors = [...inputs.map((n) => ({ name: n, shape: SHAPE })), ...constants, c.output ?? { name: 'out', shape: SHAPE }];
      const out = tensors.length - 1;
      const op = { opcode: c.op, inputs: [...tensors.keys()].slice(0, out), outputs: [out], options: c.options };
      const bytes = tfliteModel({ tensors, inputs: [...inputs.keys()], outputs: [out], ops: [op] });
      const model = await runtime.loadGraphModel({ load: async () => tfliteArtifacts(bytes) });

      const shape = c.runShape ?? SHAPE;
      const positive = name === 'RSQRT' || name === 'DIV';
      const [x, y] = [input(tf, shape, 0, positive), input(tf, shape, 7, positive)];
      const got = model.execute(c.binary ? { x, y } : { x }) as Tensor;
      const want = c.expected(tf, x, y);
      expect(got.shape).to.deep.equal(want.shape);
      const [a, b] = [await got.data(), await want.data()];
      a.forEach((v, i) => expect(v, `element ${i}`).to.be.closeTo(b[i], c.tolerance ?? 1e-5));
      model.dispose();
    });
  }

  // With s1 = 6/255 the grid's clamp stops at 6, so the RELU6 folds (as RELU); at 0.05 it would stop at 12.75, so it cannot.
  for (const [s1, multiplications] of [[6 / 255, 2], [0.05, 3]]) {
    it(`int8 activations between convolutions: rounded to their grids, the scales folded into the filters (s1 = ${s1.toFixed(4)})`, async () => {
      const { runtime } = await Networks.load();
      const { tf } = runtime;
      const [s0, s2] = [0.02, 0.05];
      const w1 = Float32Array.from({ length: 3 * 3 * 3 * 2 }, (_, i) => Math.sin(i * 0.7) * 0.5);
      const w2 = Float32Array.from({ length: 2 * 3 }, (_, i) => Math.cos(i) * 0.8);
      const [b1, b2] = [Float32Array.of(0.1, -0.2, 0.3), Float32Array.of(-0.05, 0.15)];
      const RELU6 = { field: 3, int8: 3 };
      // x → QUANTIZE (int8, s0) → 3×3 CONV_2D + RELU6 (grid s1, zero point −128) → 1×1 CONV_2D (s2) → DEQUANTIZE
      const bytes = tfliteModel({
        tensors: [
          { name: 'x', shape: [1, 6, 6, 2] },
          { name: 'xq', shape: [1, 6, 6, 2], type: INT8, quantization: { scale: [s0], zeroPoint: [0] } },
          { name: 'w1', shape: [3, 3, 3, 2], data: w1 },
          { name: 'b1', shape: [3], data: b1 },
          { name: 'y', shape: [1, 6, 6, 3], type: INT8, quantization: { scale: [s1], zeroPoint: [-128] } },
          { name: 'w2', shape: [2, 1, 1, 3], data: w2 },
          { name: 'b2', shape: [2], data: b2 },
          { name: 'z', shape: [1, 6, 6, 2], type: INT8, quantization: { scale: [s2], zeroPoint: [0] } },
          { name: 'out', shape: [1, 6, 6, 2] },
        ],
        inputs: [0],
        outputs: [8],
        ops: [
          { opcode: 114, inputs: [0], outputs: [1] },
          { opcode: 3, inputs: [1, 2, 3], outputs: [4], options: [...SAME_STRIDE_1, RELU6] },
          { opcode: 3, inputs: [4, 5, 6], outputs: [7], options: SAME_STRIDE_1 },
          { opcode: 6, inputs: [7], outputs: [8] },
        ],
      });
      const artifacts = tfliteArtifacts(bytes);
      const ops = (artifacts.modelTopology as { node: { op: string }[] }).node.map((n) => n.op);
      // Unfolded, each of the three grids would take two multiplications; folded, only the ÷ s0 of the input
      // (made by QUANTIZE, not by a convolution) and the × s2 of the output are left, and the ÷ s1 where RELU6 stays.
      expect(ops.filter((op) => op === 'Mul')).to.have.length(multiplications);
      expect(ops.filter((op) => op === 'Round')).to.have.length(3);
      const model = await runtime.loadGraphModel({ load: async () => artifacts });
      const x = input(tf, [1, 6, 6, 2], 3, false);
      const grid = (v: Tensor, s: number, min: number, max: number) => tf.mul(tf.clipByValue(tf.round(tf.div(v, s)), min, max), s);
      const conv = (v: Tensor, w: Float32Array, shape: [number, number, number, number], b: Float32Array) =>
        tf.add(tf.conv2d(v as never, tf.transpose(tf.tensor4d(w, shape), [1, 2, 3, 0]) as never, 1, 'same'), tf.tensor1d(b));
      const y = grid(tf.relu6(conv(grid(x, s0, -128, 127), w1, [3, 3, 3, 2], b1)), s1, 0, 255);
      const want = await grid(conv(y, w2, [2, 1, 1, 3], b2), s2, -128, 127).data();
      const got = await (model.execute({ x }) as Tensor).data();
      // A value within float rounding of a step's midpoint may land on the other step: at most one step, rarely.
      got.forEach((v, i) => expect(v, `element ${i}`).to.be.closeTo(want[i], s2 + 1e-6));
      expect(got.filter((v, i) => Math.abs(v - want[i]) > 1e-5).length, 'elements a step away').to.be.at.most(1);
      model.dispose();
    });
  }

  it('DEQUANTIZE of an int8 constant feeds the next op its real values', async () => {
    const { runtime } = await Networks.load();
    const { tf } = runtime;
    const bytes = tfliteModel({
      tensors: [
        { name: 'x', shape: [1, 1, 1, 3] },
        { name: 'w_q', shape: [3], type: INT8, data: Int8Array.of(4, -2, 100), quantization: { scale: [0.5], zeroPoint: [0] } },
        { name: 'w', shape: [3] },
        { name: 'out', shape: [1, 1, 1, 3] },
      ],
      inputs: [0],
      outputs: [3],
      ops: [
        { opcode: 6, inputs: [1], outputs: [2] },
        { opcode: 0, inputs: [0, 2], outputs: [3] },
      ],
    });
    // int8 4, -2, 100 at scale 0.5 mean 2, -1, 50.
    const model = await runtime.loadGraphModel({ load: async () => tfliteArtifacts(bytes) });
    const out = model.execute(tf.tensor4d([1, 1, 1], [1, 1, 1, 3])) as Tensor;
    expect(Array.from(await out.data())).to.deep.equal([3, 0, 51]);
    model.dispose();
  });
});
