/**
 * A ×2 nearest-neighbour upsampling, a one-pixel reflection pad and a 3×3 convolution (each of the
 * transformer's expand layers), computed at the low resolution. Each pixel of an output 2×2 block sees
 * only a 2×2 neighbourhood of low-resolution pixels, so one 3×3 convolution to four times the channels
 * gives all four pixels of every block (sub-pixel convolution), and depth-to-space puts them in place.
 * That skips the full-size resize and pad, and the convolution runs with 4× the output channels, which
 * XNNPACK's kernels fill better. Reflecting the upsampled image by one pixel equals repeating the
 * low-resolution image's edge (SYMMETRIC), so the pad moves to the low resolution too. Depth-to-space is
 * a reshape, a transpose and a reshape, which the wasm backend runs far faster than its DepthToSpace kernel
 * (1–2 ms against 102 ms for 2 M values).
 */
import type { ConstantValues } from './constant-values.js';
import type { ConversionContext } from './conversion-context.js';
import { attr, type GraphBuilder } from './graph-builder.js';
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

/** The low-resolution image with its edge repeated once on every side: the upsampled, reflected image's taps. */
export function edgePadded(g: GraphBuilder, name: string, image: string): string {
  const paddings = g.constant(`${name}/paddings`, Int32Array.of(0, 0, 1, 1, 1, 1, 0, 0), [4, 2]);
  return g.add('MirrorPad', name, [image, paddings], { T: attr.float, mode: attr.str('SYMMETRIC') });
}

/** For output row (or column) a of a block: which 3×3 taps fall on low-resolution rows i − 1, i, i + 1. */
const TAPS = [
  [[0], [1, 2], []],
  [[], [0, 1], [2]],
];

/** A 3×3 [3, 3, in, out] filter → [3, 3, in, 4·out]; output channels ordered (row in block, column in block, out). */
export function subPixelFilter({ values, shape: [, , inChannels, outChannels] }: ConstantValues): ConstantValues {
  const blockOut = 4 * outChannels;
  const out = new Float32Array(9 * inChannels * blockOut);
  for (let a = 0; a < 2; a++)
    for (let c = 0; c < 2; c++)
      for (let r = 0; r < 3; r++)
        for (let q = 0; q < 3; q++)
          for (const ty of TAPS[a][r])
            for (const tx of TAPS[c][q])
              for (let i = 0; i < inChannels; i++) {
                const from = ((ty * 3 + tx) * inChannels + i) * outChannels;
                const to = ((r * 3 + q) * inChannels + i) * blockOut + (a * 2 + c) * outChannels;
                for (let o = 0; o < outChannels; o++) out[to + o] += values[from + o];
              }
  return { values: out, shape: [3, 3, inChannels, blockOut] };
}

/** [1, h, w, 4·C], channels ordered (row in block, column in block, C) → [1, 2h, 2w, C]. */
export function depthToSpace(g: GraphBuilder, name: string, blocks: string, channels: number): string {
  const width = g.sizes(`${name}/width`, blocks, 2, 3);
  const doubleWidth = g.add('Mul', `${name}/double_width`, [width, g.scalar(`${name}/two`, 2, 'int32')], { T: attr.int32 });
  // [h, w, 2, 2C] → [h, 2, w, 2C]: each block's two rows go to their own output rows.
  const grouped = g.add('Reshape', `${name}/grouped`, [blocks, g.shape(`${name}/grouped_shape`, [-1, width, 2, 2 * channels])]);
  const swapped = g.add('Transpose', `${name}/swapped`, [grouped, g.constant(`${name}/perm`, Int32Array.of(0, 2, 1, 3), [4])], { T: attr.float });
  return g.add('Reshape', name, [swapped, g.shape(`${name}/shape`, [1, -1, doubleWidth, channels])]);
}
