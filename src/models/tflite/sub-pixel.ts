/**
 * A ×2 nearest-neighbour upsampling, a one-pixel reflection pad and a 3×3 convolution (each of the
 * transformer's expand layers), computed at the low resolution. Output row 2i + a reads only low-resolution
 * rows i − 1 + a and i + a, and output column 2j + c only columns j − 1 + c and j + c. So each output row
 * parity is one convolution of the low-resolution image with a 2×3 filter to twice the channels (both
 * column parities), and the two are interleaved row by row. That skips the full-size resize and pad, and
 * multiplies 24 weights per input channel where the 3×3 convolution at full size multiplied 36.
 *
 * Reflecting the upsampled image by one pixel equals repeating the low-resolution image's edge
 * (SYMMETRIC), so the pad moves to the low resolution too: by one column on each side, and by one row on
 * the side each parity reads past. (A 2×2 filter to four times the channels would need 16 weights, but
 * its positions straddle two output blocks and its output a crop, and TF.js's wasm slices are slower than
 * the convolution they would save.)
 */
import type { ConstantValues } from './constant-values.js';
import type { ConversionContext } from './conversion-context.js';
import { attr, type GraphBuilder } from './graph-builder.js';
import { mirrorPadNode } from './mirror-pad.js';
import { builtinOperatorName, TensorType, type TfliteOperator } from './tflite-schema.js';

/**
 * The low-resolution tensor that `conv` sees upsampled ×2 and reflection-padded by one pixel, or null
 * where its input comes from elsewhere. Int8 graphs are left as they are: their fake quantisation of the
 * upsampled tensors would be skipped.
 */
export function upsampledInput(ctx: ConversionContext, conv: TfliteOperator): number | null {
  const pad = ctx.producer(conv.inputs[0]);
  if (!pad || builtinOperatorName(pad.opcode) !== 'MIRROR_PAD' || pad.options?.int8(0) === 1) return null;
  if (ctx.constant(pad.inputs[1])?.values.join() !== '0,0,1,1,1,1,0,0') return null;
  const resize = ctx.producer(pad.inputs[0]);
  if (!resize || builtinOperatorName(resize.opcode) !== 'RESIZE_NEAREST_NEIGHBOR' || resize.options?.bool(0) || resize.options?.bool(1)) return null;
  const [lowRes, size] = resize.inputs;
  const [, h, w] = ctx.tensor(lowRes).shape;
  if (ctx.constant(size)?.values.join() !== `${2 * h},${2 * w}`) return null;
  return [pad.inputs[0], conv.inputs[0]].every((i) => ctx.tensor(i).type === TensorType.FLOAT32) ? lowRes : null;
}

/** For output row (or column) 2i + a: which 3×3 taps fall on low-resolution rows i − 1, i, i + 1. */
const TAPS = [
  [[0], [1, 2], []],
  [[], [0, 1], [2]],
];

/**
 * The filter of output rows of parity `a`: a 3×3 [3, 3, in, out] filter → [2, 3, in, 2·out], whose rows
 * read low-resolution rows i − 1 + a and i + a and whose channels are ordered (column parity, out).
 */
export function subPixelFilter({ values, shape: [, , inChannels, outChannels] }: ConstantValues, a: number): ConstantValues {
  const rowOut = 2 * outChannels;
  const out = new Float32Array(6 * inChannels * rowOut);
  for (let c = 0; c < 2; c++)
    for (let t = 0; t < 2; t++)
      for (let u = 0; u < 3; u++)
        for (const ty of TAPS[a][t + a])
          for (const tx of TAPS[c][u])
            for (let i = 0; i < inChannels; i++) {
              const from = ((ty * 3 + tx) * inChannels + i) * outChannels;
              const to = ((t * 3 + u) * inChannels + i) * rowOut + c * outChannels;
              for (let o = 0; o < outChannels; o++) out[to + o] += values[from + o];
            }
  return { values: out, shape: [2, 3, inChannels, rowOut] };
}

/**
 * The low-resolution image as output rows of parity `a` read it: its edge repeated once on the left and right,
 * and above (a = 0) or below (a = 1).
 */
export function rowParityInput(g: GraphBuilder, name: string, image: string, a: number): string {
  return mirrorPadNode(g, name, image, [0, 0, 1 - a, a, 1, 1, 0, 0], 'symmetric');
}

/** Even and odd output rows, each [1, h, w, 2·C] with channels ordered (column parity, C) → [1, 2h, 2w, C]. */
export function interleavedRows(g: GraphBuilder, name: string, [even, odd]: string[], channels: number): string {
  const width = g.sizes(`${name}/width`, even, 2, 3);
  const doubleWidth = g.add('Mul', `${name}/double_width`, [width, g.scalar(`${name}/two`, 2, 'int32')], { T: attr.int32 });
  // [h, 1, w, 2C] each, joined along the second axis: every row of `even` followed by its row of `odd`.
  const rowShape = g.shape(`${name}/row_shape`, [-1, 1, width, 2 * channels]);
  const rows = [even, odd].map((parity, a) => g.add('Reshape', `${name}/rows_${a}`, [parity, rowShape]));
  const joined = g.add('ConcatV2', `${name}/joined`, [...rows, g.scalar(`${name}/axis`, 1, 'int32')], { N: attr.int(2), T: attr.float });
  return g.add('Reshape', name, [joined, g.shape(`${name}/shape`, [1, -1, doubleWidth, channels])]);
}
