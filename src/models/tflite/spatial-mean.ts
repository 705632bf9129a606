/**
 * MEAN over height and width (the statistics of every instance normalisation in the transformer) as one
 * average pool over the whole image. tfjs-backend-wasm's Mean first transposes NHWC so that the reduced
 * axes come last; the pool reads the image once: much faster than the transposing Mean, with the same values.
 *
 * A large image is stylized tile by tile, and each tile must be normalised with the whole image's statistics,
 * not its own: the converted graph lists these nodes in its metadata, so that a run can ask for their values
 * as outputs, and a later run can feed them back as inputs.
 */
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Runtime } from '../../internal/tf-runtime.js';

/** A graph op of ours (TensorFlow has no such op), run by TF.js's GraphModel through `registerOp`. */
export const SPATIAL_MEAN_OP = 'StyleTransferSpatialMean';

/** The key in a converted graph's `userDefinedMetadata` that names its spatial-mean nodes. */
export const STATISTICS_METADATA = 'statisticsNodes';

let registered = false;

/** Teaches the page's TF.js the op; graphs that use it load only after this. */
export function registerSpatialMean({ tf, registerOp }: Runtime): void {
  if (registered) return;
  registered = true;
  registerOp(SPATIAL_MEAN_OP, ({ inputs: [image] }) => {
    const [, height, width] = image.shape;
    return tf.avgPool(image as Tensor4D, [height, width], 1, 'valid');
  });
}

/** The nodes of `model` whose values are the image's normalisation statistics (none for graphs of other origins). */
export function statisticsNodes(model: GraphModel): string[] {
  const names = (model.metadata as Record<string, unknown> | undefined)?.[STATISTICS_METADATA];
  return Array.isArray(names) ? names : [];
}
