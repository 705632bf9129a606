/**
 * MEAN over height and width (the statistics of every instance normalisation in the transformer) as one
 * average pool over the whole image. tfjs-backend-wasm's Mean first transposes NHWC so that the reduced
 * axes come last; the pool reads the image once: 10–35× faster, the same values to 1e-7.
 *
 * The op can also record its values, or replay recorded ones: a large image is stylized tile by tile, and
 * each tile must be normalised with the whole image's statistics, not its own (see `withStatistics`).
 */
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { Runtime } from '../../internal/tf-runtime.js';

/** A graph op of ours (TensorFlow has no such op), run by TF.js's GraphModel through `registerOp`. */
export const SPATIAL_MEAN_OP = 'StyleTransferSpatialMean';

/** Each spatial mean of one run, by the name of the graph node that computed it. */
export type SpatialStatistics = Map<string, Tensor>;

let registered = false;
let mode: { record?: SpatialStatistics; replay?: SpatialStatistics } = {};

/** Teaches the page's TF.js the op; graphs that use it load only after this. */
export function registerSpatialMean({ tf, registerOp }: Runtime): void {
  if (registered) return;
  registered = true;
  registerOp(SPATIAL_MEAN_OP, ({ inputs: [image], attrs: { statistic } }) => {
    const key = statistic as string;
    // The graph disposes what an op returns once it is used: hand it a clone, never the kept tensor.
    const replayed = mode.replay?.get(key);
    if (replayed) return tf.clone(replayed);
    const [, height, width] = image.shape;
    const mean = tf.avgPool(image as Tensor4D, [height, width], 1, 'valid');
    mode.record?.set(key, tf.keep(tf.clone(mean)));
    return mean;
  });
}

/**
 * Runs `work` (a synchronous graph execution) with every spatial mean recorded into `record`, or taken
 * from `replay` instead of computed. The caller disposes the recorded tensors.
 */
export function withStatistics<T>(statistics: { record?: SpatialStatistics; replay?: SpatialStatistics }, work: () => T): T {
  mode = statistics;
  try {
    return work();
  } finally {
    mode = {};
  }
}
