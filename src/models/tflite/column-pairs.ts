/**
 * A convolution to few output channels, computed for pairs of neighbouring pixels at once.
 *
 * The Magenta transformer's last layer is a 9×9 convolution from 8 channels to 3. XNNPACK's f32 kernels
 * compute 8 output channels a pass, so 3 leave most of each pass idle: that one layer was far slower than the
 * first for the same multiply-adds. In NHWC memory a row of W pixels of C channels is also a row of W/2 pixel
 * pairs of 2·C channels, so moving to pairs and back is a free reshape. Over pairs the layer is a 9×5
 * convolution from 16 channels to 6 on half the columns: the same output, much sooner. (2×2 blocks instead of
 * pairs need transposes, and came out slower.) Measurements: docs/design.md#measurements-behind-the-code.
 */
import type { ConstantValues } from './constant-values.js';
import { attr, type GraphBuilder } from './graph-builder.js';

/** XNNPACK's f32 (wasm SIMD) kernels compute this many output channels a pass. */
const CHANNELS_PER_PASS = 8;
/** Narrower kernels would multiply too many zeros: a width of k becomes (k + 1) / 2 pairs. */
const MIN_KERNEL_WIDTH = 7;

/**
 * Whether a stride-1, unpadded convolution with this [h, w, in, out] filter runs faster over pairs: a wide
 * kernel with few output channels (idle passes) or few input channels. XNNPACK keeps a pointer per tap per
 * output pixel (the indirection buffer), and with 3 input channels each of the first layer's 81 taps fetches
 * only 3 values: a large buffer of pointers, whose fresh memory made up most of a first run's extra time. Over
 * pairs the layer needs a fraction of it, its first run is faster, and its warm runs are as fast.
 */
export function paysForColumnPairs([, w, inChannels, out]: number[]): boolean {
  return Math.min(inChannels, out) < CHANNELS_PER_PASS && w % 2 === 1 && w >= MIN_KERNEL_WIDTH;
}

/**
 * A [h, k, in, out] filter for pixel pairs: [h, (k + 1) / 2, 2·in, 2·out]. Output pixel c of a pair takes
 * input pixel p of the pair q further on through column tap 2·q + p − c.
 */
export function columnPairFilter({ values, shape: [h, k, inChannels, outChannels] }: ConstantValues): ConstantValues {
  const pairs = (k + 1) / 2;
  const [pairIn, pairOut] = [2 * inChannels, 2 * outChannels];
  const out = new Float32Array(h * pairs * pairIn * pairOut);
  for (let dy = 0; dy < h; dy++)
    for (let q = 0; q < pairs; q++)
      for (let p = 0; p < 2; p++)
        for (let c = 0; c < 2; c++) {
          const dx = 2 * q + p - c;
          if (dx < 0 || dx >= k) continue;
          for (let i = 0; i < inChannels; i++) {
            const from = ((dy * k + dx) * inChannels + i) * outChannels;
            const to = ((dy * pairs + q) * pairIn + p * inChannels + i) * pairOut + c * outChannels;
            out.set(values.subarray(from, from + outChannels), to);
          }
        }
  return { values: out, shape: [h, pairs, pairIn, pairOut] };
}

/** `values` repeated `times` times: a bias for outputs that hold several pixels' channels. */
export function repeated(values: ArrayLike<number>, times: number): Float32Array {
  const out = new Float32Array(times * values.length);
  for (let i = 0; i < times; i++) out.set(values, i * values.length);
  return out;
}

/** [1, H, W, C] with W even → [1, H, W/2, 2·C]: the same bytes. */
export function asColumnPairs(g: GraphBuilder, name: string, image: string, channels: number): string {
  const width = g.sizes(`${name}/width`, image, 2, 3);
  const pairs = g.add('FloorDiv', `${name}/pairs`, [width, g.scalar(`${name}/two`, 2, 'int32')], { T: attr.int32 });
  return g.add('Reshape', name, [image, g.shape(`${name}/shape`, [1, -1, pairs, 2 * channels])]);
}

/** The inverse of asColumnPairs: [1, h, w, 2·C] → [1, h, 2w, C]. */
export function asColumns(g: GraphBuilder, name: string, pairs: string, channels: number): string {
  const width = g.sizes(`${name}/pairs`, pairs, 2, 3);
  const doubleWidth = g.add('Mul', `${name}/width`, [width, g.scalar(`${name}/two`, 2, 'int32')], { T: attr.int32 });
  return g.add('Reshape', name, [pairs, g.shape(`${name}/shape`, [1, -1, doubleWidth, channels])]);
}
