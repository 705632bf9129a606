/**
 * Which activations have an even height and width at every input size. The converted graph takes any
 * size, so a rewrite that needs even sizes (pixel pairs) must prove it from the graph itself: a ×2
 * resize makes sizes even, and ops that add or remove an even number of rows and columns keep them so.
 */
import type { ConversionContext } from './conversion-context.js';
import { builtinOperatorName, type TfliteOperator } from './tflite-schema.js';

const ELEMENTWISE = new Set([
  'ADD', 'SUB', 'MUL', 'DIV', 'SQUARED_DIFFERENCE', 'LOGISTIC', 'RSQRT', 'RELU', 'RELU6', 'TANH', 'QUANTIZE', 'DEQUANTIZE',
]);

/** Whether `op`'s output has an even height and width whenever the model runs (never guessed: false when unsure). */
export function outputHasEvenSize(ctx: ConversionContext, op: TfliteOperator): boolean {
  const [input, parameter] = op.inputs;
  const name = builtinOperatorName(op.opcode);
  switch (name) {
    case 'RESIZE_NEAREST_NEIGHBOR': {
      const size = ctx.constant(parameter)?.values;
      const [, h, w] = ctx.tensor(input).shape;
      // An even factor makes any size even; an odd one keeps an even size even.
      return !!size && [size[0] / h, size[1] / w].every((f) => Number.isInteger(f) && (f % 2 === 0 || ctx.hasEvenSize(input)));
    }
    case 'MIRROR_PAD':
    case 'PAD': {
      const pads = ctx.constant(parameter)?.values;
      return !!pads && ctx.hasEvenSize(input) && (pads[2] + pads[3]) % 2 === 0 && (pads[4] + pads[5]) % 2 === 0;
    }
    case 'CONV_2D':
    case 'DEPTHWISE_CONV_2D': {
      const o = op.options;
      const [, kh, kw] = ctx.tensor(parameter).shape;
      const unpadded = o?.int8(0) === 1; // VALID drops kernel − 1 rows and columns: an even number for odd kernels
      const stride1 = (o?.int32(1, 1) ?? 1) === 1 && (o?.int32(2, 1) ?? 1) === 1;
      return ctx.hasEvenSize(input) && stride1 && (!unpadded || (kh % 2 === 1 && kw % 2 === 1));
    }
    default: {
      if (!ELEMENTWISE.has(name)) return false;
      // Operands of one pixel (per-channel statistics, style parameters) broadcast: the image-sized ones decide.
      const images = op.inputs.filter((i) => !ctx.isConstant(i) && isImageSized(ctx.tensor(i).shape));
      return images.length > 0 && images.every((i) => ctx.hasEvenSize(i));
    }
  }
}

function isImageSized(shape: number[]): boolean {
  return shape.length === 4 && (shape[1] !== 1 || shape[2] !== 1);
}
