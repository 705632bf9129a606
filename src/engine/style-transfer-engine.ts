/**
 * One model set, loaded and ready: turns images into style vectors and repaints
 * photos with them. The Stylizer drives it; it knows nothing of requests or caches.
 */
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { discardModelFile, loadModelFile } from '../models/load-model.js';
import { resolveModelSet } from '../models/model-set-descriptor.js';
import { DEFAULT_MODEL_SET, type ModelFile, type ModelSet } from '../models/model-sets.js';
import { asStyleTransferError, StyleTransferError, throwIfAborted } from '../internal/errors.js';
import { contextLostError, loadRuntime, type Runtime, type RuntimeOptions } from '../internal/tf-runtime.js';
import { type StyleFit, styleSquare } from './image-source.js';
import type { StyleVector } from './style-vector.js';

export interface EngineOptions extends RuntimeOptions {
  /** Folder URL holding the model files (laid out as in models/manifest.json); default: the files the package ships. */
  modelBaseUrl?: string;
  /** URLs of single model files by their manifest path, in place of the shipped copies (e.g. resolved for a worker). */
  modelUrls?: Readonly<Record<string, string>>;
}

export class StyleTransferEngine {
  private constructor(
    readonly runtime: Runtime,
    readonly modelSet: ModelSet,
    private readonly styleNetwork: GraphModel,
    private readonly transformer: GraphModel,
  ) {}

  /**
   * The engine for a model set. TF.js and each model file load once per page and are shared by
   * every caller; `onBytes` hears the model download (bytes of both files together).
   */
  static async load(modelId = DEFAULT_MODEL_SET, options: EngineOptions = {}, onBytes?: (loaded: number, total: number) => void) {
    const modelSet = await resolveModelSet(modelId);
    const runtime = await loadRuntime(options);
    const files = [modelSet.styleNetwork, modelSet.transformer];
    const bytes = files.map(() => ({ loaded: 0, total: 0 }));
    const reportFile = (index: number) => (loaded: number, total: number) => {
      bytes[index] = { loaded, total };
      onBytes?.(bytes.reduce((sum, b) => sum + b.loaded, 0), bytes.reduce((sum, b) => sum + b.total, 0));
    };
    const where = options.modelBaseUrl === undefined ? '' : ` from ${options.modelBaseUrl}`;
    const location = { baseUrl: options.modelBaseUrl, urls: options.modelUrls };
    const [styleNetwork, transformer] = await asStyleTransferError('model-load', `the "${modelSet.id}" model files could not be loaded${where}`, () =>
      Promise.all(files.map((file, index) => loadModelFile(runtime, file, location, reportFile(index)))),
    );
    const { styleNetwork: s, transformer: t, vectorLength } = modelSet;
    // A file that does not fit its role is freed (only it: the other may serve other sets).
    const fits = async (file: ModelFile, check: () => void) => {
      try {
        check();
      } catch (error) {
        await discardModelFile(file, location);
        throw error;
      }
    };
    await fits(s, () => requireInputs(styleNetwork, s.path, [s.input]));
    await fits(t, () => {
      requireInputs(transformer, t.path, [t.contentInput, t.styleInput]);
      const takes = transformer.inputs.find((input) => input.name === t.styleInput)?.shape?.at(-1);
      if (takes !== undefined && takes > 0 && takes !== vectorLength) {
        throw new StyleTransferError('model-load', `${t.path} takes style vectors of ${takes} numbers, but its model set says ${vectorLength}`);
      }
    });
    return new StyleTransferEngine(runtime, modelSet, styleNetwork, transformer);
  }

  get backend(): string {
    return this.runtime.backend;
  }

  get threads(): number {
    return this.runtime.threads;
  }

  /** The style vector of an image, seen as a square of `size`² (default: the size the network was trained at). */
  async styleVector(image: ImageBitmap, { size = this.modelSet.styleSize, fit, signal }: { size?: number; fit?: StyleFit; signal?: AbortSignal } = {}): Promise<StyleVector> {
    const square = await styleSquare(image, size, fit);
    try {
      throwIfAborted(signal);
      const { styleNetwork, vectorLength } = this.modelSet;
      const vector = (await this.infer(() => this.styleNetwork.execute({ [styleNetwork.input]: this.inInputRange(this.pixels(square)) }) as Tensor)) as Float32Array;
      if (vector.length !== vectorLength) {
        throw new StyleTransferError('model-load', `${styleNetwork.path} makes style vectors of ${vector.length} numbers, but its model set says ${vectorLength}`);
      }
      return vector;
    } finally {
      square.close();
    }
  }

  /** Repaints `content` with `style`; the result has the content's size. */
  async stylize(content: ImageBitmap, style: StyleVector, { preserveColors = false, signal }: { preserveColors?: boolean; signal?: AbortSignal } = {}): Promise<ImageData> {
    throwIfAborted(signal);
    const { tf } = this.runtime;
    const { width, height } = content;
    const rgb = await this.infer(() => {
      const { contentInput, styleInput } = this.modelSet.transformer;
      const photo = this.pixels(content);
      const output = this.transformer.execute({
        [contentInput]: padToMultiple(tf, this.inInputRange(photo), this.modelSet.sizeMultiple),
        [styleInput]: tf.tensor4d(style, [1, 1, 1, style.length]),
      }) as Tensor4D;
      const cropped = tf.slice(output, [0, 0, 0, 0], [1, height, width, 3]);
      const painted = preserveColors ? withColorsOf(tf, cropped, photo) : cropped;
      // Round, not floor, to 8-bit: floor darkens every pixel by half a level on average (ImageData clamps).
      return tf.round(tf.mul(painted, 255));
    });
    throwIfAborted(signal);
    return toImageData(rgb, width, height);
  }

  /** An image as a [1, h, w, 3] float tensor in [0, 1]. */
  private pixels(image: ImageBitmap): Tensor4D {
    const { tf } = this.runtime;
    return tf.expandDims(tf.div(tf.cast(tf.browser.fromPixels(image), 'float32'), 255), 0);
  }

  /** [0, 1] pixels in the model set's input range (for the Magenta sets, [0, 1] itself: no work). */
  private inInputRange(pixels: Tensor4D): Tensor4D {
    const { tf } = this.runtime;
    const [min, max] = this.modelSet.inputRange;
    if (min === 0 && max === 1) return pixels;
    return tf.add(tf.mul(pixels, max - min), min);
  }

  /** Runs tensor work in a tidy scope and reads the result back, freeing every tensor. */
  private async infer(work: () => Tensor): Promise<Float32Array | Int32Array | Uint8Array> {
    const result = await asStyleTransferError('inference', 'the model failed to run', async () => {
      const tensor = this.runtime.tf.tidy(work);
      try {
        const values = await tensor.data();
        // Read from a lost context, the values are garbage, not an error.
        if (this.runtime.contextLost()) throw contextLostError();
        return values;
      } finally {
        tensor.dispose();
      }
    });
    return result as Float32Array | Int32Array | Uint8Array;
  }
}

/** RGB → YCbCr (BT.601, full range), as a matrix that right-multiplies a row of R, G, B. */
const TO_YCBCR = [
  [0.299, -0.168736, 0.5],
  [0.587, -0.331264, -0.418688],
  [0.114, 0.5, -0.081312],
];
const FROM_YCBCR = [
  [1, 1, 1],
  [0, -0.344136, 1.772],
  [1.402, -0.714136, 0],
];

/** The stylized image's luminance with the photo's chroma: the painting's brush work in the photo's colours. */
function withColorsOf(tf: Runtime['tf'], stylized: Tensor, photo: Tensor): Tensor {
  const ycbcr = (rgb: Tensor) => tf.matMul(tf.reshape(rgb, [-1, 3]) as Tensor2D, tf.tensor2d(TO_YCBCR));
  const [luma] = tf.split(ycbcr(stylized), [1, 2], 1);
  const [, chroma] = tf.split(ycbcr(photo), [1, 2], 1);
  return tf.reshape(tf.matMul(tf.concat([luma, chroma], 1) as Tensor2D, tf.tensor2d(FROM_YCBCR)), stylized.shape);
}

/** Mirror-pads the bottom and right edges up to a multiple of `multiple` (cropped off afterwards). */
export function padToMultiple(tf: Runtime['tf'], image: Tensor4D, multiple: number): Tensor4D {
  const [, h, w] = image.shape;
  const extra = (side: number) => (multiple - (side % multiple)) % multiple;
  if (!extra(h) && !extra(w)) return image;
  return tf.mirrorPad(image, [[0, 0], [0, extra(h)], [0, extra(w)], [0, 0]], 'reflect');
}

function toImageData(rgb: ArrayLike<number>, width: number, height: number): ImageData {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
    rgba[q] = rgb[p];
    rgba[q + 1] = rgb[p + 1];
    rgba[q + 2] = rgb[p + 2];
    rgba[q + 3] = 255;
  }
  return new ImageData(rgba, width, height);
}

/** A file that does not take the inputs its model set names is the wrong file: say so before any run. */
export function requireInputs(model: GraphModel, path: string, names: string[]): void {
  const has = model.inputs.map((input) => input.name);
  const missing = names.filter((name) => !has.includes(name));
  if (missing.length) {
    throw new StyleTransferError('model-load', `${path} does not take the input ${missing.join(', ')} (its inputs: ${has.join(', ')})`);
  }
  // Every input of both roles is a batch of images or of 1×1 style vectors: [batch, height, width, channels].
  for (const input of model.inputs.filter(({ name }) => names.includes(name))) {
    if (input.shape && input.shape.length !== 4) {
      throw new StyleTransferError('model-load', `${path} takes ${input.name} with ${input.shape.length} dimensions, not the 4 of [batch, height, width, channels]`);
    }
  }
}
