/**
 * Instance normalisation's per-channel arithmetic on whole images: its variance squares `x − mean`, and it ends
 * with `x · scale + shift`, often then a ReLU (a MUL of the image by a [1, 1, 1, C] tensor, and an ADD of
 * another with the ReLU fused). The wasm backend broadcasts such operands in a plain loop, slowly. A 1×1
 * depthwise convolution gives the same values in one XNNPACK pass, faster: with the scale as its filter, the
 * shift as its bias and the ReLU fused; or with a filter of ones and the mean's negative as its bias, then a
 * square. Measurements: docs/design.md#measurements-behind-the-code.
 */
import type { ConversionContext } from './conversion-context.js';
import { attr, convolutionAttrs, type GraphBuilder } from './graph-builder.js';
import { builtinOperatorName, TensorType, type TfliteOperator } from './tflite-schema.js';

/** Activations XNNPACK's depthwise convolution fuses (the wasm backend's others would not be one pass). */
const FUSABLE = new Set([null, 'Relu', 'Relu6']);

/** Whether a tensor is a whole image (not one pixel of per-channel values), in float. */
function isFloatImage(ctx: ConversionContext, index: number): boolean {
  const { shape, type } = ctx.tensor(index);
  return shape.length === 4 && (shape[1] !== 1 || shape[2] !== 1) && type === TensorType.FLOAT32;
}

/** Whether a tensor holds one float per channel of `image`, as [1, 1, 1, C]. */
function isPerChannel(ctx: ConversionContext, index: number, image: number): boolean {
  const { shape, type } = ctx.tensor(index);
  return shape.join() === `1,1,1,${ctx.tensor(image).shape[3]}` && type === TensorType.FLOAT32;
}

/** Both orders of an op's two inputs. */
const eitherWay = ([a, b]: number[]) => [
  [a, b],
  [b, a],
];

export interface ChannelAffine {
  image: number;
  scale: number;
  shift: number;
  channels: number;
}

/**
 * The image, scale and shift of an ADD that adds a per-channel shift to the product of an image and a
 * per-channel scale (used by nothing else), in float; null for any other ADD.
 */
export function channelAffine(ctx: ConversionContext, add: TfliteOperator, activation: string | null): ChannelAffine | null {
  if (!FUSABLE.has(activation) || ctx.tensor(add.outputs[0]).type !== TensorType.FLOAT32) return null;
  for (const [product, shift] of eitherWay(add.inputs)) {
    const mul = ctx.producer(product);
    if (!mul || builtinOperatorName(mul.opcode) !== 'MUL' || (mul.options?.int8(0) ?? 0) !== 0 || ctx.consumers(product) !== 1) continue;
    for (const [image, scale] of eitherWay(mul.inputs)) {
      if (isFloatImage(ctx, image) && isFloatImage(ctx, product) && isPerChannel(ctx, scale, image) && isPerChannel(ctx, shift, image)) {
        return { image, scale, shift, channels: ctx.tensor(image).shape[3] };
      }
    }
  }
  return null;
}

/** The image and the per-channel mean of a SQUARED_DIFFERENCE between them (in float); null for any other. */
export function channelDeviation(ctx: ConversionContext, op: TfliteOperator): { image: number; mean: number; channels: number } | null {
  if (ctx.tensor(op.outputs[0]).type !== TensorType.FLOAT32) return null;
  const found = eitherWay(op.inputs).find(([image, mean]) => isFloatImage(ctx, image) && isPerChannel(ctx, mean, image));
  return found ? { image: found[0], mean: found[1], channels: ctx.tensor(found[0]).shape[3] } : null;
}

/** `(image − mean)²`: a 1×1 depthwise convolution of ones with the mean's negative as its bias, squared. */
export function squaredDeviation(g: GraphBuilder, name: string, image: string, mean: string, channels: number): string {
  const ones = g.constant(`${name}/ones`, new Float32Array(channels).fill(1), [1, 1, channels, 1]);
  // Neg also gives the bias data of one dimension, which the wasm kernel wants (see depthwiseAffine).
  const minusMean = g.add('Neg', `${name}/minus_mean`, [g.add('Reshape', `${name}/flat_mean`, [mean, g.shape(`${name}/mean_shape`, [channels])])], { T: attr.float });
  const centred = g.add('FusedDepthwiseConv2dNative', `${name}/centred`, [image, ones, minusMean], convolutionAttrs([1, 1], [1, 1], 'VALID', null));
  return g.add('Square', name, [centred], { T: attr.float });
}

/** `image · scale + shift`, then `activation`, as one 1×1 depthwise convolution. */
export function depthwiseAffine(g: GraphBuilder, name: string, [image, scale, shift]: string[], channels: number, activation: string | null): string {
  const filter = g.add('Reshape', `${name}/filter`, [scale, g.shape(`${name}/filter_shape`, [1, 1, channels, 1])]);
  const flatShift = g.add('Reshape', `${name}/flat_shift`, [shift, g.shape(`${name}/shift_shape`, [channels])]);
  // The wasm kernel wants a bias made with one dimension, and a reshape keeps the data's original four.
  const bias = g.add('AddV2', `${name}/bias`, [flatShift, g.scalar(`${name}/zero`, 0)], { T: attr.float });
  return g.add('FusedDepthwiseConv2dNative', name, [image, filter, bias], convolutionAttrs([1, 1], [1, 1], 'VALID', activation));
}
