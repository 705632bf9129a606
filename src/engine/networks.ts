/**
 * The two networks of one model set, loaded and ready: turn images into style vectors and repaint photos with
 * them. An in-thread Stylizer drives them; they know nothing of requests or caches.
 */
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { discardModelFile, prepareModelFile, loadModelFile, type ModelLocation } from '../models/load-model.js';
import { resolveModelSet } from '../models/model-set-descriptor.js';
import { DEFAULT_MODEL_SET, type ModelFile, type ModelSet } from '../models/model-sets.js';
import { asStyleTransferError, StyleTransferError, throwIfAborted } from '../internal/errors.js';
import { contextLostError, loadRuntime, type Runtime } from '../internal/tf-runtime.js';
import { mirrorPad } from '../models/tflite/mirror-pad.js';
import { statisticsNodes } from '../models/tflite/spatial-mean.js';
import { MIN_IMAGE_SIDE, type StyleFit, styleSquare } from './image-source.js';
import { planTiles, type Rect } from './tiles.js';
import { runTiles } from './tiled-run.js';
import type { StyleVector } from './style-vector.js';
import type { StatisticsValues, TileJob } from './protocol.js';
import type { TileHelper } from './tile-helper.js';
import type { EngineOptions } from './types.js';

/**
 * The longest side of the copy whose statistics normalise every tile of a tiled run. Up to 1024² the copy is
 * the photo itself, so tiles are normalised exactly as one whole-image run (at the cost of that run's heap, once per run).
 */
export const STATISTICS_SIDE = 1024;

/** Tiles a run needs before a helper worker pays: fewer are done before it has loaded. */
const MIN_TILES_FOR_A_HELPER = 6;

/** Each normalisation statistic of one run, by the name of the graph node that computed it. */
type SpatialStatistics = Map<string, Tensor>;

interface PaintOptions {
  /** Keep the photo's colours and take only the painting's brush work (its luminance). */
  preserveColors?: boolean;
  /** The part of the output to read back. */
  keep?: Rect;
  /** Normalisation statistics to use instead of the image's own. */
  statistics?: SpatialStatistics;
}

export interface TransformOptions extends Omit<PaintOptions, 'keep' | 'statistics'> {
  /** Tiles of about this side for content larger than it (0: one run for the whole image). */
  tileSize?: number;
  signal?: AbortSignal;
  /** Hears each tile done. */
  onTile?: (done: number, total: number) => void;
  /**
   * Starts a helper worker for a tiled run, which then takes a share of the tiles, where these networks compute
   * on one thread and the device has more cores. Closed when the run ends.
   */
  startTileHelper?: () => TileHelper;
}

export interface NetworksLoadOptions {
  /** Hears the download: bytes of the files made ready so far, and in all. */
  onBytes?: (loaded: number, total: number) => void;
  /** Make the style network ready now (default); false where the caller knows its run gives every style as a vector. */
  styleNetworkNeeded?: boolean;
}

/** What a run did besides its pixels. */
export interface Stylized {
  image: ImageData;
  /** Tiles a helper worker repainted (see `startHelper`). */
  helperTiles: number;
}

export class Networks {
  private constructor(
    readonly runtime: Runtime,
    readonly modelSet: ModelSet,
    private readonly transformer: GraphModel,
    /** Loads the style network once per page, on first use. */
    private readonly styleNetwork: () => Promise<GraphModel>,
  ) {}

  /**
   * The networks of a model set. TF.js and each model file load once per page and are shared by
   * every caller; `onBytes` hears the model download (bytes of both files together, or of their
   * graphs as stored on an earlier visit). The style network is loaded on its first use: a run whose
   * paintings' vectors are known (given, or stored on an earlier visit) never needs it. With
   * `styleNetworkNeeded` it is made ready now too (its stored graph found, else its file downloaded),
   * so that its download overlaps the transformer's; without, a page that only gives vectors never
   * downloads it.
   */
  static async load(modelId = DEFAULT_MODEL_SET, options: EngineOptions = {}, { onBytes, styleNetworkNeeded = true }: NetworksLoadOptions = {}) {
    const modelSet = await resolveModelSet(modelId, options.stallTimeout);
    const starting = loadRuntime(options);
    const location = { baseUrl: options.modelBaseUrl, urls: options.modelUrls, storeGraphs: options.storeConvertedModels, stallTimeout: options.stallTimeout };
    const { styleNetwork: s, transformer: t, vectorLength, sizeMultiple } = modelSet;
    // The photo always comes padded to the set's size multiple (padToMultiple), which lets the adapter use faster forms.
    const transformerFile: ModelFile = t.format === 'tflite' ? { ...t, inputSizeMultiple: sizeMultiple } : t;
    const bytes = [0, 1].map(() => ({ loaded: 0, total: 0 }));
    const reportFile = (index: number) => (loaded: number, total: number) => {
      bytes[index] = { loaded, total };
      onBytes?.(bytes.reduce((sum, b) => sum + b.loaded, 0), bytes.reduce((sum, b) => sum + b.total, 0));
    };
    const where = options.modelBaseUrl === undefined ? '' : ` from ${options.modelBaseUrl}`;
    const [, transformer] = await asStyleTransferError('model-load', `the "${modelSet.id}" model files could not be loaded${where}`, () =>
      Promise.all([styleNetworkNeeded && prepareModelFile(s, location, reportFile(0)), loadModelFile(starting, transformerFile, location, reportFile(1))]),
    );
    const runtime = await starting;
    await fitsItsRole(transformerFile, location, () => {
      requireInputs(transformer, t.path, [t.contentInput, t.styleInput]);
      const takes = transformer.inputs.find((input) => input.name === t.styleInput)?.shape?.at(-1);
      if (takes !== undefined && takes > 0 && takes !== vectorLength) {
        throw new StyleTransferError('model-load', `${t.path} takes style vectors of ${takes} numbers, but its model set says ${vectorLength}`);
      }
    });
    const styleNetwork = () =>
      asStyleTransferError('model-load', `the "${modelSet.id}" style network could not be loaded${where}`, async () => {
        const model = await loadModelFile(starting, s, location);
        await fitsItsRole(s, location, () => requireInputs(model, s.path, [s.input]));
        return model;
      });
    return new Networks(runtime, modelSet, transformer, styleNetwork);
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
      return await this.squareStyleVector(square, signal);
    } finally {
      square.close();
    }
  }

  /** The style vector of a square the style network takes as it is (see `styleSquare`). */
  async squareStyleVector(square: ImageBitmap, signal?: AbortSignal): Promise<StyleVector> {
    const network = await this.styleNetwork();
    throwIfAborted(signal);
    const { styleNetwork, vectorLength } = this.modelSet;
    const vector = (await this.infer(() => network.execute({ [styleNetwork.input]: this.inInputRange(this.pixels(square)) }) as Tensor)) as Float32Array;
    if (vector.length !== vectorLength) {
      throw new StyleTransferError('model-load', `${styleNetwork.path} makes style vectors of ${vector.length} numbers, but its model set says ${vectorLength}`);
    }
    return vector;
  }

  /**
   * Repaints `content` with `style`; the result has the content's size. With a `tileSize` smaller than
   * the content, the transformer runs tile by tile, every tile normalised with the whole image's statistics.
   */
  async stylize(content: ImageBitmap, style: StyleVector, { tileSize = 0, signal, onTile, startTileHelper, ...how }: TransformOptions = {}): Promise<Stylized> {
    throwIfAborted(signal);
    const { width, height } = content;
    if (!tileSize || (width <= tileSize && height <= tileSize)) {
      const rgb = await this.transform(content, style, how);
      throwIfAborted(signal);
      return { image: toImageData(rgb, width, height), helperTiles: 0 };
    }
    const tiles = planTiles(width, height, tileSize);
    // Started first, so that it loads while the statistics are computed here.
    const helper = startTileHelper && this.helperPays(tiles.length) ? helperOrNone(startTileHelper) : undefined;
    const replay = await this.statistics(content, style).catch((error) => {
      helper?.close();
      throw error;
    });
    try {
      const transform = (piece: ImageBitmap, keep: Rect) => this.transform(piece, style, { ...how, keep, statistics: replay });
      const job = { style, statistics: helper ? statisticsValues(replay) : [], preserveColors: how.preserveColors ?? false };
      return await runTiles({ content, tiles, transform, helper: helper && { worker: helper, job }, signal, onTile });
    } finally {
      helper?.close();
      for (const tensor of replay.values()) tensor.dispose();
    }
  }

  /**
   * Whether a helper worker would speed up a run of `tiles` tiles: WebAssembly on one thread with cores to spare
   * (a WebGL run is the GPU's), and enough tiles that some are left once the helper has loaded.
   */
  private helperPays(tiles: number): boolean {
    const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
    return this.backend === 'wasm' && this.threads === 1 && cores > 1 && tiles >= MIN_TILES_FOR_A_HELPER;
  }

  /** One tile of a tiled run that another worker planned: normalised with the statistics it recorded. */
  async transformTile({ piece, keep, style, statistics, preserveColors }: TileJob): Promise<Float32Array> {
    const { tf } = this.runtime;
    const replay: SpatialStatistics = new Map(statistics.map(([name, values, shape]) => [name, tf.tensor(values, shape)]));
    try {
      return (await this.transform(piece, style, { keep, statistics: replay, preserveColors })) as Float32Array;
    } finally {
      piece.close();
      for (const tensor of replay.values()) tensor.dispose();
    }
  }

  /**
   * The whole image's normalisation statistics, from one run on a copy scaled down to STATISTICS_SIDE
   * ("thumbnail instance normalisation", Chen et al. 2022). Exact for photos up to that size; beyond it, an
   * approximation (README: Large images), and still far closer than each tile's own statistics.
   */
  private async statistics(content: ImageBitmap, style: StyleVector): Promise<SpatialStatistics> {
    const scale = Math.min(1, STATISTICS_SIDE / Math.max(content.width, content.height));
    const side = (length: number) => Math.max(MIN_IMAGE_SIDE, Math.round(length * scale));
    // Up to STATISTICS_SIDE the photo is its own copy (no resize).
    const thumbnail = scale < 1 ? await createImageBitmap(content, { resizeWidth: side(content.width), resizeHeight: side(content.height), resizeQuality: 'high' }) : content;
    const record: SpatialStatistics = new Map();
    try {
      await asStyleTransferError('inference', 'the model failed to run', async () => {
        const { tf } = this.runtime;
        tf.tidy(() => {
          for (const [name, value] of this.executeRecording(this.pixels(thumbnail), style)) record.set(name, tf.keep(value));
        });
      });
      return record;
    } catch (error) {
      for (const tensor of record.values()) tensor.dispose();
      throw error;
    } finally {
      if (thumbnail !== content) thumbnail.close();
    }
  }

  /** The transformer's RGB output (0–255, not rounded) over `keep` (default: all of `image`). */
  private transform(image: ImageBitmap, style: StyleVector, { preserveColors = false, keep, statistics }: PaintOptions): Promise<ArrayLike<number>> {
    const { tf } = this.runtime;
    const { x = 0, y = 0, width = image.width, height = image.height } = keep ?? {};
    return this.infer(() => {
      const photo = this.pixels(image);
      const output = this.execute(photo, style, statistics);
      const kept = (tensor: Tensor) => {
        const [, h, w] = tensor.shape;
        return x === 0 && y === 0 && h === height && w === width ? tensor : tf.slice(tensor, [0, y, x, 0], [1, height, width, 3]);
      };
      const painted = preserveColors ? withColorsOf(tf, kept(output), kept(photo)) : kept(output);
      return tf.mul(painted, 255);
    });
  }

  /**
   * The transformer's output for a [0, 1] photo (mirror-padded to the sizes it takes, so larger than the photo),
   * normalised with `statistics` where given: fed to their nodes, they take the place of the photo's own.
   */
  private execute(photo: Tensor4D, style: StyleVector, statistics: SpatialStatistics = new Map()): Tensor4D {
    return this.transformer.execute({ ...this.inputs(photo, style), ...Object.fromEntries(statistics) }) as Tensor4D;
  }

  /** The photo's normalisation statistics, read from their nodes as extra outputs of one run. */
  private executeRecording(photo: Tensor4D, style: StyleVector): SpatialStatistics {
    const names = statisticsNodes(this.transformer);
    const values = this.transformer.execute(this.inputs(photo, style), [...names, ...this.transformer.outputNodes]) as Tensor[];
    return new Map(names.map((name, index) => [name, values[index]]));
  }

  private inputs(photo: Tensor4D, style: StyleVector): Record<string, Tensor> {
    const { tf } = this.runtime;
    const { contentInput, styleInput } = this.modelSet.transformer;
    return {
      [contentInput]: padToMultiple(tf, this.inInputRange(photo), this.modelSet.sizeMultiple),
      [styleInput]: tf.tensor4d(style, [1, 1, 1, style.length]),
    };
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
      const { tf, contextLost, backend } = this.runtime;
      const tensor = tf.tidy(work);
      try {
        // Read from a lost WebGL context, the values are garbage; from a lost WebGPU device, the read fails.
        const values = await tensor.data().catch((error) => Promise.reject(contextLost() ? contextLostError(backend) : error));
        if (contextLost()) throw contextLostError(backend);
        requireFiniteOutput(values);
        return values;
      } finally {
        tensor.dispose();
      }
    });
    return result as Float32Array | Int32Array | Uint8Array;
  }
}

/** NaN (or an infinity) out of a network would paint black, or poison a style vector: never a result. */
function requireFiniteOutput(values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    // x − x is 0 for every finite x, and NaN for NaN and the infinities.
    if (values[i] - values[i] !== 0) {
      throw new StyleTransferError('inference', 'the network computed non-finite values (NaN or infinity), so nothing was painted: are the style vector and the model files sound?');
    }
  }
}

/** A helper is only ever a speed-up: where none can start (no nested workers, a strict policy), the run goes on alone. */
function helperOrNone(start: () => TileHelper): TileHelper | undefined {
  try {
    return start();
  } catch (error) {
    console.warn('<style-transfer>: no helper worker could start, so the tiles run in one worker:', error);
    return undefined;
  }
}

/** Recorded statistics as plain arrays, to cross to a helper worker (a few KB: one value per channel per layer). */
function statisticsValues(statistics: SpatialStatistics): StatisticsValues {
  return [...statistics].map(([name, tensor]) => [name, tensor.dataSync() as Float32Array, tensor.shape]);
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
  return mirrorPad({ tf }, image, [[0, 0], [0, extra(h)], [0, extra(w)], [0, 0]], 'reflect');
}

/** 0–255 RGB as RGBA (the clamped array rounds each value to the nearest level). */
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

/** A file that does not fit its role is freed (only it: the other may serve other sets), and the error goes on. */
async function fitsItsRole(file: ModelFile, location: ModelLocation, check: () => void): Promise<void> {
  try {
    check();
  } catch (error) {
    await discardModelFile(file, location);
    throw error;
  }
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
