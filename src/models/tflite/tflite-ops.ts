/**
 * One converter per TF-Lite builtin operator, each emitting the equivalent
 * TensorFlow ops. Option field numbers follow the TF-Lite schema.
 */
import { type ConstantValues, filterToHwio } from './constant-values.js';
import { attr, convolutionAttrs } from './graph-builder.js';
import { CONV_OP } from './direct-conv.js';
import { channelAffine, channelDeviation, depthwiseAffine, squaredDeviation } from './channel-affine.js';
import { asColumnPairs, asColumns, columnPairFilter, paysForColumnPairs, repeated } from './column-pairs.js';
import { mirrorPadNode } from './mirror-pad.js';
import { SPATIAL_MEAN_OP } from './spatial-mean.js';
import { interleavedRows, rowParityInput, subPixelFilter, upsampledInput } from './sub-pixel.js';
import { activationGrid, foldedOutputScale } from './fake-quant.js';
import type { TfliteOperator } from './tflite-schema.js';
import { type ConversionContext, UnsupportedModelError } from './conversion-context.js';

type OpConverter = (ctx: ConversionContext, op: TfliteOperator) => void;

const BuiltinOperator = {
  ADD: 0,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  DEQUANTIZE: 6,
  LOGISTIC: 14,
  MUL: 18,
  RELU: 19,
  RELU6: 21,
  RESHAPE: 22,
  MEAN: 40,
  SUB: 41,
  DIV: 42,
  STRIDED_SLICE: 45,
  RSQRT: 76,
  SHAPE: 77,
  PACK: 83,
  RESIZE_NEAREST_NEIGHBOR: 97,
  SQUARED_DIFFERENCE: 99,
  MIRROR_PAD: 100,
  QUANTIZE: 114,
} as const;

/** ActivationFunctionType → TF op; null means none. */
const ACTIVATIONS: Record<number, string | null> = { 0: null, 1: 'Relu', 3: 'Relu6', 4: 'Tanh' };

function activationOp(code: number): string | null {
  if (!(code in ACTIVATIONS)) throw new UnsupportedModelError(`fused activation ${code} is not supported`);
  return ACTIVATIONS[code];
}

function outputName(ctx: ConversionContext, op: TfliteOperator): string {
  return ctx.tensor(op.outputs[0]).name;
}

/** Emits `op`, then its fused activation as a separate node where there is one. */
function withActivation(ctx: ConversionContext, op: TfliteOperator, tfOp: string, inputs: string[], activation: number): void {
  const name = outputName(ctx, op);
  const act = activationOp(activation);
  let node = ctx.graph.add(tfOp, act ? `${name}/pre_activation` : name, inputs, { T: attr.float });
  if (act) node = ctx.graph.add(act, name, [node], { T: attr.float });
  ctx.define(op.outputs[0], node);
}

const binary =
  (tfOp: string): OpConverter =>
  (ctx, op) =>
    withActivation(ctx, op, tfOp, op.inputs.map((i) => ctx.value(i)), op.options?.int8(0) ?? 0);

const unary =
  (tfOp: string): OpConverter =>
  (ctx, op) =>
    ctx.define(op.outputs[0], ctx.graph.add(tfOp, outputName(ctx, op), [ctx.value(op.inputs[0])], { T: attr.float }));

function requireConstant(ctx: ConversionContext, index: number, role: string) {
  const values = ctx.constant(index);
  if (!values) throw new UnsupportedModelError(`the ${role} "${ctx.tensor(index).name}" must be a constant`);
  return values;
}

function bias(ctx: ConversionContext, op: TfliteOperator, channels: number): string {
  const index = op.inputs[2];
  if (index !== undefined && index >= 0) return ctx.value(index);
  return ctx.graph.constant(`${outputName(ctx, op)}/zero_bias`, new Float32Array(channels), [channels]);
}

/** A faster form of a convolution with the same output: given what emits a convolution, the node of that output. */
type FasterForm = (convolve: (inputs: string[], name: string) => string) => string;

/**
 * A stride-1, unpadded convolution as a sub-pixel convolution (sub-pixel.ts) or over pixel pairs
 * (column-pairs.ts), where that runs faster; null elsewhere.
 */
function fasterForm(ctx: ConversionContext, op: TfliteOperator, hwio: ConstantValues, steps: number[]): FasterForm | null {
  const [input, , biasIndex = -1] = op.inputs;
  const outChannels = hwio.shape[3];
  const biases = biasIndex < 0 ? new Float32Array(outChannels) : ctx.constant(biasIndex)?.values;
  if (!biases || !steps.every((s) => s === 1)) return null;
  const name = outputName(ctx, op);
  const g = ctx.graph;
  const doubledBias = () => g.constant(`${name}/repeated_bias`, repeated(biases, 2), [2 * outChannels]);
  const lowRes = upsampledInput(ctx, op);
  if (lowRes !== null && hwio.shape.slice(0, 2).join() === '3,3') {
    return (convolve) => {
      const rowBias = doubledBias();
      const rows = [0, 1].map((a) => {
        const filter = ctx.constantNode(op.inputs[1], subPixelFilter(hwio, a), `sub_pixel rows ${a}`);
        return convolve([rowParityInput(g, `${name}/rows_${a}_input`, ctx.value(lowRes), a), filter, rowBias], `${name}/rows_${a}`);
      });
      return interleavedRows(g, name, rows, outChannels);
    };
  }
  if (ctx.hasEvenSize(input) && paysForColumnPairs(hwio.shape)) {
    const filter = ctx.constantNode(op.inputs[1], columnPairFilter(hwio), 'column_pairs');
    return (convolve) => {
      const pairs = convolve([asColumnPairs(g, `${name}/column_pairs`, ctx.value(input), hwio.shape[2]), filter, doubledBias()], `${name}/faster_form`);
      return asColumns(g, name, pairs, outChannels);
    };
  }
  return null;
}

/** Conv2DOptions / DepthwiseConv2DOptions share padding, strides and dilations at these fields. */
function convolution(ctx: ConversionContext, op: TfliteOperator, depthwise: boolean): void {
  const o = op.options;
  const [activationField, dilationW, dilationH] = depthwise ? [4, 5, 6] : [3, 4, 5];
  const weights = requireConstant(ctx, op.inputs[1], 'filter');
  const [, h, w, channels] = weights.shape;
  const inChannels = ctx.tensor(op.inputs[0]).shape[3];
  const outChannels = depthwise ? channels : weights.shape[0];
  const strides = [o?.int32(2) ?? 1, o?.int32(1) ?? 1];
  const dilations = [o?.int32(dilationH, 1) ?? 1, o?.int32(dilationW, 1) ?? 1];
  const unpadded = o?.int8(0) === 1;
  // The filter in TensorFlow's layout, times k (in the same pass). A depthwise filter [1, h, w, in·multiplier]
  // has the same memory order as TensorFlow's [h, w, in, multiplier].
  const layoutTimes = (k: number): ConstantValues =>
    depthwise ? { values: k === 1 ? weights.values : times(weights.values, k), shape: [h, w, inChannels, channels / inChannels] } : filterToHwio(weights, k);
  let unscaled: ConstantValues | undefined;
  const filterTimes = (k: number) => (k === 1 ? (unscaled ??= layoutTimes(1)) : layoutTimes(k));
  const faster = !depthwise && unpadded ? fasterForm(ctx, op, filterTimes(1), [...strides, ...dilations]) : null;
  const activation = activationOp(o?.int8(activationField) ?? 0);
  const name = outputName(ctx, op);
  const emit = (inputs: string[], act: string | null, nodeName: string) =>
    ctx.graph.add(depthwise ? 'FusedDepthwiseConv2dNative' : CONV_OP, nodeName, inputs, convolutionAttrs(strides, dilations, unpadded ? 'VALID' : 'SAME', act));
  // (All strides 1 in a faster form.)
  if (faster) return ctx.define(op.outputs[0], faster((inputs, nodeName) => emit(inputs, activation, nodeName)));

  // Fake quantisation's multiplications fold into the filter and bias (fake-quant.ts).
  const input = ctx.scaledValue(op.inputs[0]);
  const biases = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? ctx.constant(op.inputs[2])?.values : new Float32Array(outChannels);
  const folded = biases ? foldedOutputScale(activationGrid(ctx.tensor(op.outputs[0])), activation) : { divisor: 1, activation };
  const factor = input.scale / folded.divisor;
  const layout = depthwise ? 'depthwise' : 'hwio';
  const inputs = [
    input.node,
    ctx.constantNode(op.inputs[1], filterTimes(factor), factor === 1 ? layout : `${layout} × ${factor}`),
    folded.divisor === 1 ? bias(ctx, op, outChannels) : ctx.graph.constant(`${name}/bias`, times(biases!, 1 / folded.divisor), [outChannels]),
  ];
  ctx.define(op.outputs[0], emit(inputs, folded.activation, name));
  if (folded.divisor !== 1) ctx.markPrescaled(op.outputs[0]);
}

/** `values` × `k`, as float32 (a plain loop: Float32Array.from with a map function is far slower). */
function times(values: ArrayLike<number>, k: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = values[i] * k;
  return out;
}

/** RESIZE_NEAREST_NEIGHBOR with a constant size is rewritten to scale the actual input size. */
function resizeNearest(ctx: ConversionContext, op: TfliteOperator): void {
  const [input, sizeIndex] = op.inputs;
  const name = outputName(ctx, op);
  const g = ctx.graph;
  const constantSize = ctx.constant(sizeIndex);
  let size: string;
  if (constantSize) {
    const [, inH, inW] = ctx.tensor(input).shape;
    const factor = [constantSize.values[0] / inH, constantSize.values[1] / inW];
    if (!factor.every(Number.isInteger)) {
      throw new UnsupportedModelError(`"${name}" resizes by a non-integer factor, which the adapter cannot generalise`);
    }
    if (factor.every((f) => f === 1)) {
      ctx.define(op.outputs[0], ctx.value(input)); // a resize to the same size (the last layer's)
      return;
    }
    const hw = g.sizes(`${name}/input_hw`, ctx.value(input), 1, 3);
    size = g.add('Mul', `${name}/size`, [hw, g.constant(`${name}/factor`, Int32Array.from(factor), [2])], { T: attr.int32 });
  } else {
    size = ctx.value(sizeIndex);
  }
  ctx.define(
    op.outputs[0],
    g.add('ResizeNearestNeighbor', name, [ctx.value(input), size], {
      T: attr.float,
      align_corners: attr.bool(op.options?.bool(0) ?? false),
      half_pixel_centers: attr.bool(op.options?.bool(1) ?? false),
    }),
  );
}

export const OP_CONVERTERS: Record<number, OpConverter> = {
  [BuiltinOperator.ADD]: (ctx, op) => {
    const activation = activationOp(op.options?.int8(0) ?? 0);
    const affine = channelAffine(ctx, op, activation);
    if (!affine) return binary('AddV2')(ctx, op);
    const inputs = [affine.image, affine.scale, affine.shift].map((i) => ctx.value(i));
    ctx.define(op.outputs[0], depthwiseAffine(ctx.graph, outputName(ctx, op), inputs, affine.channels, activation));
  },
  [BuiltinOperator.SUB]: binary('Sub'),
  [BuiltinOperator.MUL]: binary('Mul'),
  [BuiltinOperator.DIV]: binary('RealDiv'),
  [BuiltinOperator.SQUARED_DIFFERENCE]: (ctx, op) => {
    const deviation = channelDeviation(ctx, op);
    if (!deviation) return binary('SquaredDifference')(ctx, op);
    const { image, mean, channels } = deviation;
    ctx.define(op.outputs[0], squaredDeviation(ctx.graph, outputName(ctx, op), ctx.value(image), ctx.value(mean), channels));
  },
  [BuiltinOperator.LOGISTIC]: unary('Sigmoid'),
  [BuiltinOperator.RSQRT]: unary('Rsqrt'),
  [BuiltinOperator.RELU]: unary('Relu'),
  [BuiltinOperator.RELU6]: unary('Relu6'),
  [BuiltinOperator.CONV_2D]: (ctx, op) => convolution(ctx, op, false),
  [BuiltinOperator.DEPTHWISE_CONV_2D]: (ctx, op) => convolution(ctx, op, true),
  [BuiltinOperator.RESIZE_NEAREST_NEIGHBOR]: resizeNearest,
  // Quantisation boundaries: the float port carries the real value; the int8
  // grid is emulated on the quantised tensor itself (see fakeQuantize).
  [BuiltinOperator.QUANTIZE]: (ctx, op) => ctx.define(op.outputs[0], ctx.value(op.inputs[0])),
  [BuiltinOperator.DEQUANTIZE]: (ctx, op) => {
    if (ctx.isConstant(op.inputs[0])) ctx.aliasConstant(op.outputs[0], op.inputs[0]);
    else ctx.define(op.outputs[0], ctx.value(op.inputs[0]));
  },
  [BuiltinOperator.MEAN]: (ctx, op) => {
    const keepDims = op.options?.bool(0) ?? false;
    const axes = ctx.constant(op.inputs[1])?.values;
    const overHeightAndWidth = keepDims && ctx.tensor(op.inputs[0]).shape.length === 4 && axes?.join() === '1,2';
    const [name, inputs] = [outputName(ctx, op), op.inputs.map((i) => ctx.value(i))];
    ctx.define(
      op.outputs[0],
      overHeightAndWidth
        ? ctx.graph.add(SPATIAL_MEAN_OP, name, inputs.slice(0, 1), {})
        : ctx.graph.add('Mean', name, inputs, { T: attr.float, keep_dims: attr.bool(keepDims) }),
    );
  },
  [BuiltinOperator.MIRROR_PAD]: (ctx, op) => {
    const [name, paddings, symmetric] = [outputName(ctx, op), ctx.constant(op.inputs[1])?.values, op.options?.int8(0) === 1];
    ctx.define(
      op.outputs[0],
      paddings && ctx.tensor(op.inputs[0]).shape.length === 4
        ? mirrorPadNode(ctx.graph, name, ctx.value(op.inputs[0]), Array.from(paddings), symmetric ? 'symmetric' : 'reflect')
        : ctx.graph.add('MirrorPad', name, [ctx.value(op.inputs[0]), ctx.value(op.inputs[1])], { T: attr.float, mode: attr.str(symmetric ? 'SYMMETRIC' : 'REFLECT') }),
    );
  },
  [BuiltinOperator.RESHAPE]: (ctx, op) => {
    const shape =
      op.inputs[1] !== undefined && op.inputs[1] >= 0
        ? ctx.value(op.inputs[1])
        : ctx.graph.constant(`${outputName(ctx, op)}/shape`, Int32Array.from(op.options?.int32s(0) ?? []), [-1]);
    ctx.define(op.outputs[0], ctx.graph.add('Reshape', outputName(ctx, op), [ctx.value(op.inputs[0]), shape]));
  },
  [BuiltinOperator.SHAPE]: (ctx, op) =>
    ctx.define(op.outputs[0], ctx.graph.add('Shape', outputName(ctx, op), [ctx.value(op.inputs[0])], { out_type: attr.int32 })),
  [BuiltinOperator.STRIDED_SLICE]: (ctx, op) => {
    const o = op.options;
    const masks = ['begin_mask', 'end_mask', 'ellipsis_mask', 'new_axis_mask', 'shrink_axis_mask'];
    ctx.define(
      op.outputs[0],
      ctx.graph.add(
        'StridedSlice',
        outputName(ctx, op),
        op.inputs.map((i) => ctx.value(i)),
        Object.fromEntries(masks.map((mask, field) => [mask, attr.int(o?.int32(field) ?? 0)])),
      ),
    );
  },
  [BuiltinOperator.PACK]: (ctx, op) =>
    ctx.define(
      op.outputs[0],
      ctx.graph.add('Pack', outputName(ctx, op), op.inputs.map((i) => ctx.value(i)), {
        N: attr.int(op.inputs.length),
        axis: attr.int(op.options?.int32(1) ?? 0),
      }),
    ),
};
