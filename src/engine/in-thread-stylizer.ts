/**
 * The Stylizer that runs the networks in the thread that calls it: the page's main thread, or inside the
 * page's worker. It owns the caches (each decoded photo and each style vector, by source), blending and
 * strength, and reports one progress value for the whole run.
 */
import { StyleTransferError, throwIfAborted, untilAborted } from '../internal/errors.js';
import { backgroundWritesDone } from '../internal/patiently.js';
import { loadRuntime } from '../internal/tf-runtime.js';
import { GRAPH_REVISION } from '../models/stored-graphs.js';
import { type ImageInput, loadImage, sourceKey, type StyleFit, styleSquare } from './image-source.js';
import { stylizeLive } from './live.js';
import { Networks } from './networks.js';
import { imageDataOf, Regions, unmaskedKey } from './mask.js';
import { PROGRESS_WEIGHTS, ProgressTracker } from './progress.js';
import type { SourceKeys } from './protocol.js';
import { type CheckedRequest, checkedRequest, REQUEST_FIELDS } from './request-fields.js';
import { rememberedStyleVector } from './stored-style-vectors.js';
import { SharedCache } from './shared-cache.js';
import { blendStyleVectors, type StyleVector, withStrength } from './style-vector.js';
import type { TileHelper } from './tile-helper.js';
import type { EngineOptions, LiveOptions, LiveRequest, Stylizer, StylizeOptions, StylizeRequest, StylizeResult, StylizeTimings } from './types.js';

/**
 * The most pixels one untiled run can take: a run that does not fit WebAssembly's heap fails inside it and
 * leaves the runtime broken for every later run, so it is refused before it starts. Larger photos are tiled.
 */
export const MAX_PIXELS = 2048 * 2048;

/** Photos with more pixels than this are tiled unless the request says otherwise. */
export const AUTO_TILE_PIXELS = 1024 * 1024;
/** The tile side used when tiling is automatic. */
export const AUTO_TILE_SIZE = 512;
/** The largest `maxSize` whose decoded photos are cached (16 MB each at most). */
const CACHED_PHOTO_SIDE = 2048;

type Phase = Exclude<keyof StylizeTimings, 'total'>;
export class InThreadStylizer implements Stylizer {
  private readonly photos = new SharedCache<ImageBitmap>(4, (bitmap) => bitmap.close());
  private readonly vectors = new SharedCache<StyleVector>(32);
  private readonly regions = new Regions();

  /** `startTileHelper`: starts a worker that can take a share of a tiled run's tiles for a model set (see TileHelper). */
  constructor(
    private readonly options: EngineOptions = {},
    private readonly startTileHelper?: (model: string) => TileHelper,
  ) {}

  /** TF.js and the transformer now; the style network with the first run that needs it (a page that gives vectors never does). */
  async preload(model = REQUEST_FIELDS.model.default): Promise<void> {
    await Networks.load(model, this.options, { styleNetworkNeeded: false });
  }

  async numTensors(): Promise<number> {
    return (await loadRuntime(this.options)).tf.memory().numTensors;
  }

  dispose(): void {
    this.photos.clear();
    this.vectors.clear();
    this.regions.clear();
  }

  stylize(request: StylizeRequest, options: StylizeOptions = {}): Promise<StylizeResult> {
    return this.stylizeKeyed(request, options, sourceKeysOf(request));
  }

  stylizeLive(request: LiveRequest, options: LiveOptions): Promise<never> {
    return stylizeLive(this, request, options);
  }

  /** As stylize, with the images' cache keys given: a worker's copies of the page's images keep the page's keys. */
  async stylizeKeyed(request: StylizeRequest, { signal = new AbortController().signal, onProgress = () => {} }: StylizeOptions, keys: SourceKeys): Promise<StylizeResult> {
    return this.execute(checkedRequest(request), keys, signal, new ProgressTracker(onProgress));
  }

  private async execute(request: CheckedRequest, keys: SourceKeys, signal: AbortSignal, progress: ProgressTracker): Promise<StylizeResult> {
    const started = performance.now();
    const mask = { signal, stallTimeout: this.options.stallTimeout };
    // A request that differs from the last run only in its mask composites that run's result again.
    const runKey = request.maxSize <= CACHED_PHOTO_SIDE ? unmaskedKey(request, keys) : undefined;
    const reusable = this.regions.reuse(runKey, request);
    if (reusable) {
      const result = await this.regions.masked(reusable, request, mask);
      progress.finish('transformer');
      return { ...result, timings: { model: 0, decode: 0, style: 0, transformer: 0, total: performance.now() - started }, helperTiles: 0 };
    }
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

    const onBytes = (loaded: number, total: number) => {
      progress.weigh('model', total * PROGRESS_WEIGHTS.modelByte);
      progress.update('model', loaded, total);
    };
    // Every phase is weighed before the first report, so that a later one never finds the whole run shorter than
    // reported: the photo's pixels as if it were 4:3 at maxSize until it is decoded, the download once its size is known.
    progress.weigh('decode', PROGRESS_WEIGHTS.decode);
    progress.weigh('style', imagesToAnalyse(request) * PROGRESS_WEIGHTS.styleImage);
    progress.weigh('transformer', request.maxSize ** 2 * 0.75 * PROGRESS_WEIGHTS.transformerPixel);
    progress.update('model', 0, 0);
    const key = keys.content;
    // A decoded photo is kept for the next run only up to CACHED_PHOTO_SIDE: four 8192² bitmaps would hold 1 GB.
    const contentKey = request.maxSize <= CACHED_PHOTO_SIDE ? key && `${key} ${request.maxSize}` : undefined;
    // The photo is fetched and decoded (off this thread) while the models load; "decode" times what is left to wait.
    const decoding = this.photos.get(contentKey, (s) => loadImage(request.content, { errorType: 'content-load', maxSide: request.maxSize, signal: s, stallTimeout: this.options.stallTimeout }), signal);
    // The result's size is reported as soon as it is known (a page can lay out its box), models loaded or not.
    decoding.then(({ width, height }) => progress.decoded(width, height, width * height * PROGRESS_WEIGHTS.transformerPixel), () => {}); // a failure is reported below, once the models are loaded
    let networks: Networks;
    try {
      const styleNetworkNeeded = imagesToAnalyse(request) > 0;
      networks = await timed('model', () => untilAborted(Networks.load(request.model, this.options, { onBytes, styleNetworkNeeded }), signal));
    } catch (error) {
      // The run fails with the models' error: a photo decoded for this run only is closed, a failed decode ignored.
      decoding.then((photo) => contentKey === undefined && photo.close(), () => {});
      throw error;
    }
    const content = await timed('decode', () => decoding);
    let image: ImageData;
    let helperTiles: number;
    let styleVector: StyleVector;
    let photo: ImageData | undefined;
    try {
      const tileSize = request.tileSize ?? (content.width * content.height > AUTO_TILE_PIXELS ? AUTO_TILE_SIZE : 0);
      if (!tileSize) requireFits(content);
      styleVector = await timed('style', () => this.styleVector(networks, request, keys, content, contentKey, signal, progress));
      // Inference blocks the main thread; give queued input a turn first so that a
      // newer change can supersede this run before the costly transformer.
      await new Promise((resolve) => setTimeout(resolve));
      throwIfAborted(signal);
      progress.update('transformer', 0, 1);
      const onTile = (loaded: number, total: number) => progress.update('tile', loaded, total);
      const helperFor = this.startTileHelper;
      const startTileHelper = helperFor && (() => helperFor(request.model));
      const how = { preserveColors: request.preserveColors, tileSize, signal, onTile, startTileHelper };
      ({ image, helperTiles } = await timed('transformer', () => networks.stylize(content, styleVector, how)));
      // What the run stored for later visits (its paintings' vectors, graphs it converted) is kept by its end.
      await backgroundWritesDone();
      // The photo under the result, for this run's mask or a later one's.
      if (this.regions.wanted(request, runKey)) photo = imageDataOf(content, image.width, image.height);
    } finally {
      // A photo that can change (canvas, video), or a large one, was decoded for this run only.
      if (contentKey === undefined) content.close();
    }
    let result: StylizeResult = {
      image,
      width: image.width,
      height: image.height,
      styleVector,
      timings: { ...timings, total: 0 },
      backend: networks.backend,
      threads: networks.threads,
      model: networks.modelSet.id,
      thread: 'document' in globalThis ? 'main' : 'worker',
      helperTiles,
    };
    if (photo) {
      this.regions.remember(runKey, { result, photo }, request);
      if (request.mask) result = await this.regions.masked({ result, photo }, request, mask);
    }
    progress.finish('transformer');
    result.timings.total = performance.now() - started;
    return result;
  }

  /** The weighted blend of every style's vector (each cached by source), pulled towards the photo's own by strength. */
  private async styleVector(
    networks: Networks,
    request: CheckedRequest,
    keys: SourceKeys,
    content: ImageBitmap,
    contentKey: string | undefined,
    signal: AbortSignal,
    progress: ProgressTracker,
  ): Promise<StyleVector> {
    // A vector depends on the image, the model set and how the image is seen.
    const model = `${networks.modelSet.id} ${request.styleSize ?? networks.modelSet.styleSize} ${request.styleFit}`;
    const seen = { size: request.styleSize, fit: request.styleFit };
    const total = imagesToAnalyse(request);
    let analysed = 0;
    progress.update('style', 0, total);
    const analysedOne = <T>(vector: T) => (progress.update('style', ++analysed, total), vector);
    const { vectorLength } = networks.modelSet;
    if (request.styles.some(({ vector }) => vector && vector.length !== vectorLength)) {
      throw new StyleTransferError('invalid-request', `style vectors of the "${networks.modelSet.id}" model set have ${vectorLength} numbers`);
    }
    const styles = await Promise.all(
      request.styles.map(async ({ src, vector, weight = 1 }, index) => ({
        vector: vector ?? analysedOne(await this.vectors.get(keyed(model, keys.styles[index]), (s) => this.analyse(networks, src!, { ...seen, signal: s }), signal)),
        weight,
      })),
    );
    const blended = blendStyleVectors(styles);
    if (request.strength >= 1) return blended;
    const own = await this.vectors.get(keyed(model, contentKey), (s) => networks.styleVector(content, { ...seen, signal: s }), signal);
    return withStrength(blended, analysedOne(own), request.strength);
  }

  /** A painting's vector: from the store where this page kept it on an earlier visit, else from the style network. */
  private async analyse(networks: Networks, src: ImageInput, { size = networks.modelSet.styleSize, fit, signal }: StyleSeen): Promise<StyleVector> {
    const image = await loadImage(src, { errorType: 'style-load', signal, stallTimeout: this.options.stallTimeout });
    const square = await styleSquare(image, size, fit).finally(() => image.close());
    try {
      const compute = () => networks.squareStyleVector(square, signal);
      if (this.options.storeStyleVectors === false) return await compute();
      const { styleNetwork: file, vectorLength } = networks.modelSet;
      const fileIdentity = (file.format === 'tflite' && file.sha256) || file.url || `${this.options.modelBaseUrl ?? ''}${file.path}`;
      // A vector computed from another conversion of the same file may differ in its last digits.
      const identity = `${fileIdentity} graph ${GRAPH_REVISION} ${networks.backend} ${size} ${fit}`;
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

/** The paintings, and the photo itself below full strength, whose style vectors a run needs (some may be cached). */
const imagesToAnalyse = ({ styles, strength }: CheckedRequest) => styles.filter((style) => !style.vector).length + (strength < 1 ? 1 : 0);

/** A cache key within a model set; undefined (never cached) for an image that can change. */
const keyed = (model: string, key: string | undefined) => key && `${model} ${key}`;

/** The cache keys of a request's images, as this thread sees them. */
export function sourceKeysOf(request: Pick<StylizeRequest, 'content' | 'styles'>): SourceKeys {
  return { content: sourceKey(request.content), styles: request.styles.map(({ src }) => src && sourceKey(src)) };
}
