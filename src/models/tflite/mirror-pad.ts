/**
 * Mirror padding of an image (every convolution of the transformer reads its input mirror-padded) as row
 * copies. tfjs-backend-wasm's MirrorPad computes each value's source index, all on one thread; here each row
 * is one block copy on the WebAssembly heap and only the few pixels at its ends are copied one by one: much
 * faster, the same values (docs/design.md#measurements-behind-the-code).
 */
import type { Tensor4D, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Runtime } from '../../internal/tf-runtime.js';
import { attr, type GraphBuilder } from './graph-builder.js';

/** A graph op of ours, with TensorFlow's MirrorPad inputs but its paddings as an attribute (known at conversion). */
export const MIRROR_PAD_OP = 'StyleTransferMirrorPad';

/** The same computation as a TF.js kernel, for the WebAssembly backend only. */
export const ROW_COPY_KERNEL = 'StyleTransferRowCopyMirrorPad';

export type MirrorPadMode = 'reflect' | 'symmetric';

/** [before, after] for each of the 4 axes of an NHWC image. */
export type Paddings = [number, number][];

interface Padding {
  paddings: Paddings;
  mode: MirrorPadMode;
}

/** A node of the op: `paddings` flat, [before, after] for each of the 4 axes. */
export function mirrorPadNode(g: GraphBuilder, name: string, image: string, paddings: number[], mode: MirrorPadMode): string {
  return g.add(MIRROR_PAD_OP, name, [image], { paddings: attr.ints(paddings), mode: attr.str(mode) });
}

/** Teaches the page's TF.js the graph op; graphs that use it load only after this. */
export function registerMirrorPad({ tf, registerOp }: Runtime): void {
  registerOp(MIRROR_PAD_OP, ({ inputs: [image], attrs: { paddings, mode } }) => {
    const flat = paddings as number[];
    return mirrorPad({ tf }, image as Tensor4D, [0, 2, 4, 6].map((i) => [flat[i], flat[i + 1]]), mode as MirrorPadMode);
  });
}

/**
 * `tf.mirrorPad`, by row copies where the backend is WebAssembly and one float image is padded in height and
 * width only (what the transformer does); anything else is TF.js's own.
 */
export function mirrorPad({ tf }: Pick<Runtime, 'tf'>, image: Tensor4D, paddings: Paddings, mode: MirrorPadMode): Tensor4D {
  const [[batchBefore, batchAfter], , , [channelsBefore, channelsAfter]] = paddings;
  const oneImage = image.rank === 4 && image.shape[0] === 1 && image.dtype === 'float32';
  const rowCopying = tf.getBackend() === 'wasm' && oneImage && !(batchBefore || batchAfter || channelsBefore || channelsAfter) && fits(image.shape, paddings, mode);
  if (!rowCopying) return tf.mirrorPad(image, paddings, mode);
  if (!tf.getKernel(ROW_COPY_KERNEL, 'wasm')) {
    tf.registerKernel({ kernelName: ROW_COPY_KERNEL, backendName: 'wasm', kernelFunc: ({ inputs, attrs, backend }) => rowCopies(inputs.x as Tensor4D, attrs as unknown as Padding, backend as BackendWasm) });
  }
  return tf.engine().runKernel(ROW_COPY_KERNEL, { x: image }, { paddings, mode } as never) as Tensor4D;
}

/** Each pad reflects once (TF's own limit): at most the side − 1 for reflect, the side for symmetric. */
function fits([, height, width]: number[], [, [top, bottom], [left, right]]: Paddings, mode: MirrorPadMode): boolean {
  const most = (side: number) => (mode === 'reflect' ? side - 1 : side);
  return Math.max(top, bottom) <= most(height) && Math.max(left, right) <= most(width);
}

function rowCopies(image: Tensor4D, { paddings: [, [top, bottom], [left, right]], mode }: Padding, backend: BackendWasm): TensorInfo {
  const [, height, width, channels] = image.shape;
  const [outHeight, outWidth] = [height + top + bottom, width + left + right];
  const output = backend.makeOutput([1, outHeight, outWidth, channels], 'float32');
  // Views made after the output's allocation, which may have grown (and so replaced) the heap.
  const [from, to] = [backend.typedArrayFromHeap(image), backend.typedArrayFromHeap(output)];
  // Where outside index i of a side of n reads: reflect skips the edge, symmetric repeats it.
  const skip = mode === 'reflect' ? 1 : 0;
  const source = (i: number, n: number) => (i < 0 ? skip - i - 1 : i >= n ? 2 * n - i - 1 - skip : i);
  const [rowIn, rowOut] = [width * channels, outWidth * channels];
  const copyPixel = (row: number, x: number) => {
    const at = row + (source(x - left, width) + left) * channels;
    to.copyWithin(row + x * channels, at, at + channels);
  };
  for (let y = 0; y < height; y++) {
    const row = (y + top) * rowOut;
    to.set(from.subarray(y * rowIn, (y + 1) * rowIn), row + left * channels);
    for (let x = 0; x < left; x++) copyPixel(row, x);
    for (let x = width + left; x < outWidth; x++) copyPixel(row, x);
  }
  for (let y = 0; y < outHeight; y++) {
    if (y >= top && y < height + top) continue;
    const at = (source(y - top, height) + top) * rowOut;
    to.copyWithin(y * rowOut, at, at + rowOut);
  }
  return output;
}
