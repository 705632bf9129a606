/**
 * A convolution to few output channels, rewritten so that the wasm backend runs it fast.
 *
 * The Magenta transformer's last layer is a 9×9 convolution from 8 channels to 3. XNNPACK's f32 kernels
 * compute 8 output channels a pass, so 3 leave most of each pass idle: at 512² that one layer took 130 ms,
 * four times the first layer's time for the same multiply-adds. Moving each 2×2 block of pixels into
 * channels (space-to-depth) makes it a 5×5 convolution from 32 channels to 12 over a quarter of the pixels;
 * moving the blocks back (depth-to-space) gives the same output in under half the time. Each move is a
 * reshape, a transpose and a reshape, which the wasm backend runs far faster than its DepthToSpace kernel.
 */
import type { ConstantValues } from './constant-values.js';
import { attr, type GraphBuilder } from './graph-builder.js';

/** XNNPACK's f32 (wasm SIMD) kernels compute this many output channels a pass. */
const CHANNELS_PER_PASS = 8;
/** Smaller kernels would multiply too many zeros: a k×k kernel becomes ((k + 1) / 2)² blocks of 2×2. */
const MIN_KERNEL = 7;

/** Whether a stride-1, unpadded convolution with this [h, w, in, out] filter pays for the rewrite. */
export function paysForSpaceToDepth([h, w, , out]: number[]): boolean {
  return out < CHANNELS_PER_PASS && h === w && h % 2 === 1 && h >= MIN_KERNEL;
}

/**
 * A [k, k, in, out] filter for 2×2 blocks: [(k + 1) / 2, same, 4·in, 4·out]. Output pixel (a, c) of a block
 * takes input pixel (p, q) of the block (ky, kx) further on through tap (2·ky + p − a, 2·kx + q − c).
 */
export function blockFilter({ values, shape: [k, , inChannels, outChannels] }: ConstantValues): ConstantValues {
  const blocks = (k + 1) / 2;
  const [blockIn, blockOut] = [4 * inChannels, 4 * outChannels];
  const out = new Float32Array(blocks * blocks * blockIn * blockOut);
  for (let ky = 0; ky < blocks; ky++)
    for (let kx = 0; kx < blocks; kx++)
      for (let p = 0; p < 2; p++)
        for (let q = 0; q < 2; q++)
          for (let a = 0; a < 2; a++)
            for (let c = 0; c < 2; c++) {
              const [dy, dx] = [2 * ky + p - a, 2 * kx + q - c];
              if (dy < 0 || dy >= k || dx < 0 || dx >= k) continue;
              for (let i = 0; i < inChannels; i++) {
                const from = ((dy * k + dx) * inChannels + i) * outChannels;
                const to = ((ky * blocks + kx) * blockIn + (p * 2 + q) * inChannels + i) * blockOut + (a * 2 + c) * outChannels;
                out.set(values.subarray(from, from + outChannels), to);
              }
            }
  return { values: out, shape: [blocks, blocks, blockIn, blockOut] };
}

/** A bias for the block outputs: the same value for each of the four pixels of a block. */
export function blockBias(values: Float32Array): Float32Array {
  const out = new Float32Array(4 * values.length);
  for (let i = 0; i < 4; i++) out.set(values, i * values.length);
  return out;
}

/** [1, H, W, C] with H and W even → [1, H/2, W/2, 4·C], channels ordered (row in block, column in block, C). */
export function spaceToDepth(g: GraphBuilder, name: string, image: string, channels: number): string {
  const width = g.sizes(`${name}/width`, image, 2, 3);
  const halfWidth = g.add('FloorDiv', `${name}/half_width`, [width, g.scalar(`${name}/two`, 2, 'int32')], { T: attr.int32 });
  return regroup(g, name, image, [-1, 2, halfWidth, 2 * channels], [1, -1, halfWidth, 4 * channels]);
}

/** The inverse of spaceToDepth: [1, h, w, 4·C] → [1, 2h, 2w, C]. */
export function depthToSpace(g: GraphBuilder, name: string, blocks: string, channels: number): string {
  const width = g.sizes(`${name}/width`, blocks, 2, 3);
  const doubleWidth = g.add('Mul', `${name}/double_width`, [width, g.scalar(`${name}/two`, 2, 'int32')], { T: attr.int32 });
  return regroup(g, name, blocks, [-1, width, 2, 2 * channels], [1, -1, doubleWidth, channels]);
}

/** Reshape to `before`, swap its two middle axes, reshape to `after`. */
function regroup(g: GraphBuilder, name: string, x: string, before: (number | string)[], after: (number | string)[]): string {
  const grouped = g.add('Reshape', `${name}/grouped`, [x, g.shape(`${name}/grouped_shape`, before)]);
  const swapped = g.add('Transpose', `${name}/swapped`, [grouped, g.constant(`${name}/perm`, Int32Array.of(0, 2, 1, 3), [4])], { T: attr.float });
  return g.add('Reshape', name, [swapped, g.shape(`${name}/shape`, after)]);
}
