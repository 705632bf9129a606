/**
 * The engine's public face: a Stylizer takes a plain request (a photo, weighted
 * paintings, strength, size, model set) and returns the stylized pixels. It owns
 * the caches (each decoded photo and each style vector, by source), blending,
 * strength, and superseding: a new run cancels the one still going on the same
 * Stylizer, so a stale result is never returned.
 */
import { StyleTransferError, throwIfAborted, untilAborted } from '../internal/errors.js';
import { backgroundWritesDone } from '../internal/patiently.js';
import { loadRuntime } from '../internal/tf-runtime.js';
import { DEFAULT_MODEL_SET } from '../models/model-sets.js';
import { GRAPH_REVISION } from '../models/stored-graphs.js';
import { type ImageInput, loadImage, MIN_IMAGE_SIDE, sourceKey, type StyleFit, styleSquare } from './image-source.js';
import { rememberedStyleVector } from './stored-style-vectors.js';
import { SharedCache } from './shared-cache.js';
import { Superseding } from './superseding.js';
import { type EngineOptions, StyleTransferEngine } from './style-transfer-engine.js';
import { blendStyleVectors, type StyleVector, withStrength } from './style-vector.js';
import type { StylizeOptions, StylizeProgress, StylizeRequest, StylizeResult, StylizeTimings } from './stylize-request.js';
import type { TileHelper } from './tile-helper.js';

export const MAX_OUTPUT_SIDE = 8192;

/**
 * The most pixels one untiled run can take. WebAssembly's heap tops out at 4 GiB and a transformer run holds
 * about 0.4 KB of it per pixel (1.59 GiB measured at 2048² on a fresh heap, 2.26 GiB on one that earlier runs
 * had fragmented; 2896² reached 3.9 GiB); a run that does not fit fails inside WebAssembly and leaves the
 * runtime broken for every later run, so it is refused before it starts. Larger photos are tiled.
 */
export const MAX_PIXELS = 2048 * 2048;

/** Photos with more pixels than this are tiled unless the request says otherwise (a 1024² run leaves a 0.15 GB heap, 0.45 GB through XNNPACK). */
export const AUTO_TILE_PIXELS = 1024 * 1024;
/** The tile side used when tiling is automatic: a tiled run of any size, statistics included, needs about 0.5 GiB of heap. */
export const AUTO_TILE_SIZE = 512;
/** The largest `maxSize` whose decoded photos are cached (16 MB each at most). */
const CACHED_PHOTO_SIDE = 2048;
/**
 * The range of tile sides a request may ask for (0 aside, which means never tile). Up to 1024 a tile, margins
 * included, stays under MAX_PIXELS, and so does a photo that fits in one tile (it runs untiled).
 */
export const TILE_SIZE_RANGE = [64, 1024] as const;

/** Whether a request may ask for tiles of this side: 0 (never tile), or a whole number in TILE_SIZE_RANGE. */
export function isTileSize(side: number): boolean {
  const [min, max] = TILE_SIZE_RANGE;
  return side === 0 || (Number.isInteger(side) && side >= min && side <= max);
}

type Phase = Exclude<keyof StylizeTimings, 'total'>;
type Report = (progress: StylizeProgress) => void;

export class Stylizer {
  private readonly photos = new SharedCache<ImageBitmap>(4, (bitmap) => bitmap.close());
  private readonly vectors = new SharedCache<StyleVector>(32);
  private readonly runs = new Superseding();

  /** `startHelper`: starts a worker that can take a share of a tiled run's tiles for a model set (see TileHelper). */
  constructor(
    private readonly options: EngineOptions = {},
    private readonly startHelper?: (model: string) => TileHelper,
  ) {}

  /** Starts loading TF.js and a model set now, so that the first run starts sooner. */
  async preload(model = DEFAULT_MODEL_SET): Promise<void> {
    await StyleTransferEngine.load(model, this.options);
  }

  /** Tensors alive in the TF.js runtime this Stylizer uses (for leak checks). */
  async numTensors(): Promise<number> {
    return (await loadRuntime(this.options)).tf.memory().numTensors;
  }

  /**
   * Stylizes `request`. Rejects with a StyleTransferError: `aborted` when `signal` aborts or a
   * newer run on this Stylizer supersedes this one (no tensor is left behind either way).
   */
  stylize(request: StylizeRequest, { signal, onProgress = () => {} }: StylizeOptions = {}): Promise<StylizeResult> {
    return this.runs.run(signal, (runSignal) => this.execute(validated(request), runSignal, onProgress));
  }

  private async execute(request: Validated, signal: AbortSignal, report: Report): Promise<StylizeResult> {
    const started = performance.now();
    const timings = { model: 0, decode: 0, style: 0, transformer: 0 };
    // Takes a function, not a promise: much of a phase's work (TF.js on wasm) runs synchronously when it starts.
    const timed = async <T>(phase: Phase, work: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        return await work();
      } finally {
        timings[phase] += performance.now() - t0;
      }
    };

    const onBytes = (loaded: number, total: number) => report({ phase: 'model', loaded, total });
    report({ phase: 'model', loaded: 0, total: 0 });
    const key = sourceKey(request.content);
    // A decoded photo is kept for the next run only up to CACHED_PHOTO_SIDE: four 8192² bitmaps would hold 1 GB.
    const contentKey = request.maxSize <= CACHED_PHOTO_SIDE ? key && `${key} ${request.maxSize}` : undefined;
    // The photo is fetched and decoded (off this thread) while the models load; "decode" times what is left to wait.
    const decoding = this.photos.get(contentKey, (s) => loadImage(request.content, { errorType: 'content-load', maxSide: request.maxSize, signal: s }), signal);
    decoding.catch(() => {}); // reported below, once the models are loaded
    let engine: StyleTransferEngine;
    try {
      engine = await timed('model', () => untilAborted(StyleTransferEngine.load(request.model, this.options, onBytes), signal));
    } catch (error) {
      // The run fails with the models' error: a photo decoded for this run only is closed, a failed decode ignored.
      decoding.then((photo) => contentKey === undefined && photo.close(), () => {});
      throw error;
    }
    report({ phase: 'decode', loaded: 0, total: 1 });
    const content = await timed('decode', () => decoding);
    let image: ImageData;
    let helperTiles: number;
    let styleVector: StyleVector;
    try {
      const tileSize = request.tileSize ?? (content.width * content.height > AUTO_TILE_PIXELS ? AUTO_TILE_SIZE : 0);
      if (!tileSize) requireFits(content);
      report({ phase: 'decode', loaded: 1, total: 1 });
      styleVector = await timed('style', () => this.styleVector(engine, request, content, contentKey, signal, report));
      // Inference blocks the main thread; give queued input a turn first so that a
      // newer change can supersede this run before the costly transformer.
      await new Promise((resolve) => setTimeout(resolve));
      throwIfAborted(signal);
      report({ phase: 'transformer', loaded: 0, total: 1 });
      const onTile = (loaded: number, total: number) => report({ phase: 'tile', loaded, total });
      const helperFor = this.startHelper;
      const startHelper = helperFor && (() => helperFor(request.model));
      ({ image, helperTiles } = await timed('transformer', () => engine.stylize(content, styleVector, { preserveColors: request.preserveColors, tileSize, signal, onTile, startHelper })));
      report({ phase: 'transformer', loaded: 1, total: 1 });
      // What the run stored for later visits (its paintings' vectors, graphs it converted) is kept by its end.
      await backgroundWritesDone();
    } finally {
      // A photo that can change (canvas, video), or a large one, was decoded for this run only.
      if (contentKey === undefined) content.close();
    }
    return {
      image,
      width: image.width,
      height: image.height,
      styleVector,
      timings: { ...timings, total: performance.now() - started },
      backend: engine.backend,
      threads: engine.threads,
      model: engine.modelSet.id,
      thread: 'document' in globalThis ? 'main' : 'worker',
      helperTiles,
    };
  }

  /** The weighted blend of every style's vector (each cached by source), pulled towards the photo's own by strength. */
  private async styleVector(
    engine: StyleTransferEngine,
    request: Validated,
    content: ImageBitmap,
    contentKey: string | undefined,
    signal: AbortSignal,
    report: Report,
  ): Promise<StyleVector> {
    // A vector depends on the image, the model set and how the image is seen.
    const model = `${engine.modelSet.id} ${request.styleSize ?? engine.modelSet.styleSize} ${request.styleFit}`;
    const seen = { size: request.styleSize, fit: request.styleFit };
    const total = request.styles.filter((style) => !style.vector).length + (request.strength < 1 ? 1 : 0);
    let analysed = 0;
    report({ phase: 'style', loaded: 0, total });
    const analysedOne = <T>(vector: T) => (report({ phase: 'style', loaded: ++analysed, total }), vector);
    const { vectorLength } = engine.modelSet;
    if (request.styles.some(({ vector }) => vector && vector.length !== vectorLength)) {
      throw new StyleTransferError('invalid-request', `style vectors of the "${engine.modelSet.id}" model set have ${vectorLength} numbers`);
    }
    const styles = await Promise.all(
      request.styles.map(async ({ src, vector, weight = 1 }) => ({
        vector: vector ?? analysedOne(await this.vectors.get(keyed(model, sourceKey(src!)), (s) => this.analyse(engine, src!, { ...seen, signal: s }), signal)),
        weight,
      })),
    );
    const blended = blendStyleVectors(styles);
    if (request.strength >= 1) return blended;
    const own = await this.vectors.get(keyed(model, contentKey), (s) => engine.styleVector(content, { ...seen, signal: s }), signal);
    return withStrength(blended, analysedOne(own), request.strength);
  }

  /** A painting's vector: from the store where this page kept it on an earlier visit, else from the style network. */
  private async analyse(engine: StyleTransferEngine, src: ImageInput, { size = engine.modelSet.styleSize, fit, signal }: StyleSeen): Promise<StyleVector> {
    const image = await loadImage(src, { errorType: 'style-load', signal });
    const square = await styleSquare(image, size, fit).finally(() => image.close());
    try {
      const compute = () => engine.squareStyleVector(square, signal);
      if (this.options.storeStyleVectors === false) return await compute();
      const { styleNetwork: file, vectorLength } = engine.modelSet;
      const fileIdentity = (file.format === 'tflite' && file.sha256) || file.url || `${this.options.modelBaseUrl ?? ''}${file.path}`;
      // A vector computed from another conversion of the same file may differ in its last digits.
      const identity = `${fileIdentity} graph ${GRAPH_REVISION} ${engine.backend} ${size} ${fit}`;
      return await rememberedStyleVector(square, identity, vectorLength, compute);
    } finally {
      square.close();
    }
  }
}

/** How a painting is seen: the side of its square and how it is fitted (see StylizeRequest). */
interface StyleSeen {
  size?: number;
  fit: StyleFit;
  signal: AbortSignal;
}

function requireFits({ width, height }: ImageBitmap): void {
  if (width * height <= MAX_PIXELS) return;
  const longest = Math.floor(Math.max(width, height) * Math.sqrt(MAX_PIXELS / (width * height)));
  throw new StyleTransferError(
    'too-large',
    `the photo at ${width}×${height} pixels is more than one run can hold (${(MAX_PIXELS / 1e6).toFixed(1)} million pixels): ` +
      `scale it to at most ${longest} pixels on its longest side (the element's max-size), or let it be tiled (tile-size)`,
  );
}

/** A cache key within a model set; undefined (never cached) for an image that can change. */
const keyed = (model: string, key: string | undefined) => key && `${model} ${key}`;

type Validated = Required<Omit<StylizeRequest, 'styleSize' | 'tileSize'>> & Pick<StylizeRequest, 'styleSize' | 'tileSize'>;

/** The style network's square: from 32 (coarse) to 1024 (slow, ~16× the 256² run). */
export const STYLE_SIZE_RANGE = [32, 1024] as const;

function validated({ content, styles, strength = 1, maxSize = 1024, model = DEFAULT_MODEL_SET, preserveColors = false, styleSize, styleFit = 'cover', tileSize }: StylizeRequest): Validated {
  const invalid = (message: string) => new StyleTransferError('invalid-request', message);
  if (!content) throw invalid('the request has no content image');
  if (!styles?.length) throw invalid('the request needs at least one style');
  if (styles.some((style) => !style.src && !style.vector)) throw invalid('each style needs a src or a vector');
  if (!(strength >= 0 && strength <= 1)) throw invalid(`strength must be from 0 to 1, not ${strength}`);
  if (!(maxSize >= MIN_IMAGE_SIDE && maxSize <= MAX_OUTPUT_SIDE)) {
    throw invalid(`maxSize must be from ${MIN_IMAGE_SIDE} to ${MAX_OUTPUT_SIDE} pixels, not ${maxSize}`);
  }
  const [minStyle, maxStyle] = STYLE_SIZE_RANGE;
  if (styleSize !== undefined && !(styleSize >= minStyle && styleSize <= maxStyle)) {
    throw invalid(`styleSize must be from ${minStyle} to ${maxStyle} pixels, not ${styleSize}`);
  }
  if (styleFit !== 'cover' && styleFit !== 'fill') throw invalid(`styleFit must be "cover" or "fill", not "${styleFit}"`);
  if (tileSize !== undefined && !isTileSize(tileSize)) {
    const [minTile, maxTile] = TILE_SIZE_RANGE;
    throw invalid(`tileSize must be 0 (never tile) or a whole number from ${minTile} to ${maxTile} pixels, not ${tileSize}`);
  }
  return { content, styles, strength, maxSize, model, preserveColors, styleSize, styleFit, tileSize };
}
