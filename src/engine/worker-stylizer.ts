/**
 * The Stylizer that runs in the page's one module Web Worker, so that inference never blocks scrolling,
 * typing or animations. Requests and results cross as plain data (the result's pixels transferred, not
 * copied); cancellation crosses as a message. If the worker cannot start, it runs in the page instead.
 * A live loop may add a second lane: a worker of its own, for every other frame.
 */
import { defaultModelUrls, defaultWasmUrls, workerUrl } from '../asset-urls.js';
import { StyleTransferError } from '../internal/errors.js';
import { DEFAULT_BACKEND } from '../internal/tf-runtime.js';
import { releaseModelFiles } from '../models/load-model.js';
import { isModelSetUrl } from '../models/model-set-descriptor.js';
import { type ImageInput, parseUrl, requireOpen } from './image-source.js';
import { InThreadStylizer, sourceKeysOf } from './in-thread-stylizer.js';
import { type LiveLane, stylizeLive } from './live.js';
import { WorkerClient, WorkerReplacedError } from './worker-client.js';
import type { EngineOptions, LiveOptions, LiveRequest, Stylizer, StylizeOptions, StylizeRequest, StylizeResult } from './types.js';
/**
 * Whether runs for these options go to the worker: it needs module workers, OffscreenCanvas and
 * createImageBitmap, and it runs the WebAssembly backend only. A page that asks for WebGPU, WebGL or the CPU
 * backend runs the networks on its main thread.
 */
export function workerSupported(options: EngineOptions = {}): boolean {
  const apis = typeof Worker !== 'undefined' && typeof OffscreenCanvas !== 'undefined' && typeof createImageBitmap !== 'undefined';
  return apis && (options.backend ?? DEFAULT_BACKEND) === 'wasm';
}

/** WebAssembly's heap never shrinks: a worker whose heap grew past this is retired once idle, and the next run starts a fresh one. */
export const HEAP_TO_HAND_BACK = 5e8;

/** A worker started for the page or for a lane: retired once idle after a run grew its heap past HEAP_TO_HAND_BACK. */
const startWorker = ({ stallTimeout }: EngineOptions, onClosed?: () => void) =>
  WorkerClient.start(workerUrl(), {
    startTimeout: stallTimeout,
    onClosed,
    onAnswer: (client, heapBytes) => heapBytes > HEAP_TO_HAND_BACK && client.idle && client.close(),
  });

/** The page's worker, started on first use; rejects if it cannot start. */
let pageWorker: Promise<WorkerClient> | undefined;
let nextClient = 0;

/**
 * Frees every model file this page has loaded, on the main thread and in its worker, to hand their memory
 * back (e.g. once a view with style transfer is gone). Call it when no run is under way: a run then would
 * fail. The next run loads what it needs again.
 */
export async function releaseModels(): Promise<void> {
  await releaseModelFiles();
  const worker = await pageWorker?.catch(() => undefined);
  await worker?.call('release', {});
}

/** Tells the worker to drop the caches of a WorkerStylizer the page no longer holds. */
const disposer = typeof FinalizationRegistry === 'undefined' ? undefined : new FinalizationRegistry<number>((client) => dropClient(client));
const dropClient = (client: number) => void pageWorker?.then((worker) => worker.post({ kind: 'dispose', client }), () => {});

export class WorkerStylizer implements Stylizer {
  private readonly client = nextClient++;
  private readonly options: EngineOptions;
  private fallback?: InThreadStylizer;

  /** `ownWorker`: a worker of this stylizer's own (a live loop's second lane), whose runs fail rather than run in the page where it cannot start. */
  constructor(
    options: EngineOptions = {},
    private readonly ownWorker?: Promise<WorkerClient>,
  ) {
    this.options = absoluteOptions(options);
    disposer?.register(this, this.client, this);
  }

  /**
   * A second lane for a live loop: the same settings, in a worker of its own (which loads its own copy of the
   * models), so that two frames are stylized at once where each worker computes on one thread. Close it when done.
   */
  secondLane(): LiveLane {
    const started = startWorker(this.options);
    started.catch(() => {}); // reported by the lane's first run
    const lane = new WorkerStylizer(this.options, started);
    return {
      stylize: (request, options) => lane.stylize(request, options),
      close: () => void started.then((worker) => worker.close(), () => {}),
    };
  }

  async preload(model?: string): Promise<void> {
    const worker = await this.worker();
    if (worker) await worker.call('preload', { client: this.client, options: this.options, model });
    else await this.fallback!.preload(model);
  }

  async numTensors(): Promise<number> {
    const worker = await this.worker();
    return worker ? worker.call('tensors', { client: this.client, options: this.options }) : this.fallback!.numTensors();
  }

  dispose(): void {
    disposer?.unregister(this);
    dropClient(this.client);
    this.fallback?.dispose();
  }

  /** A run under way when another run broke the worker is run once more, in a fresh one: the failure stays with its run. */
  async stylize(request: StylizeRequest, options: StylizeOptions = {}): Promise<StylizeResult> {
    return this.stylizeInWorker(request, options).catch((error: unknown) => {
      if (error instanceof WorkerReplacedError) return this.stylizeInWorker(request, options);
      throw error;
    });
  }

  private async stylizeInWorker(request: StylizeRequest, { signal, onProgress }: StylizeOptions): Promise<StylizeResult> {
    const worker = await this.worker();
    if (!worker) return this.fallback!.stylize(request, { signal, onProgress });
    const { portable, written, made } = await portableRequest(request);
    const args = { client: this.client, options: this.options, request: portable, keys: sourceKeysOf(request) };
    // The bitmaps read from elements are ours: they move to the worker instead of being copied (a video's frame, each frame).
    return worker.call('stylize', args, { transfer: made, signal, onProgress }).catch((error) => rethrow(error, written));
  }

  stylizeLive(request: LiveRequest, options: LiveOptions): Promise<never> {
    return stylizeLive(this, request, options);
  }

  /** The page's worker, or undefined (and an in-page Stylizer) where it cannot start; or this stylizer's own worker. */
  private async worker(): Promise<WorkerClient | undefined> {
    if (this.ownWorker) return this.ownWorker;
    if (this.fallback) return undefined;
    try {
      return await (pageWorker ??= startWorker(this.options, () => (pageWorker = undefined)).catch((error) => {
        console.warn('<style-transfer>: the worker could not start, so stylization runs on the main thread:', error);
        throw error;
      }));
    } catch {
      this.fallback = new InThreadStylizer(this.options);
      return undefined;
    }
  }
}

/**
 * The worker has another base URL and its own import.meta.url: give it absolute URLs for everything. It runs
 * WebAssembly (see workerSupported): saying so spares its start probing for a GPU again.
 */
function absoluteOptions(options: EngineOptions): EngineOptions {
  const absolute = (url: string) => new URL(url, location.href).href;
  const { modelBaseUrl, wasmPaths } = options;
  return {
    ...options,
    backend: options.backend ?? 'wasm',
    ...(modelBaseUrl === undefined
      ? { modelUrls: Object.fromEntries(Object.entries(defaultModelUrls).map(([path, url]) => [path, url().href])) }
      : { modelBaseUrl: absolute(modelBaseUrl) }),
    wasmPaths: typeof wasmPaths === 'string' ? absolute(wasmPaths) : (wasmPaths ?? defaultWasmUrls()),
  };
}

/**
 * URLs made absolute; elements (img, canvas, video) read into ImageBitmaps, which can cross to the
 * worker (`made`: those bitmaps). `written` maps each absolute URL back to the page's own text, for error messages.
 */
async function portableRequest(request: StylizeRequest): Promise<{ portable: StylizeRequest; written: Map<string, string>; made: ImageBitmap[] }> {
  const written = new Map<string, string>();
  const made: ImageBitmap[] = [];
  const absolute = (url: string | URL): string => {
    // An invalid URL crosses as written, for the worker to report.
    const href = parseUrl(url)?.href ?? String(url);
    written.set(href, String(url));
    return href;
  };
  const portable = async (input: ImageInput, errorType: 'content-load' | 'style-load'): Promise<ImageInput> => {
    if (typeof input === 'string' || input instanceof URL) return absolute(input);
    requireOpen(input, errorType);
    if (input instanceof Blob || input instanceof ImageBitmap) return input;
    try {
      const bitmap = await createImageBitmap(input);
      made.push(bitmap);
      return bitmap;
    } catch (error) {
      throw new StyleTransferError(errorType, 'the image could not be read (is it loaded, and same-origin or served with CORS?)', { cause: error });
    }
  };
  const styles = await Promise.all(
    request.styles.map(async (style) => (style.src === undefined ? style : { ...style, src: await portable(style.src, 'style-load') })),
  );
  const model = request.model && isModelSetUrl(request.model) ? absolute(request.model) : request.model;
  const mask = request.mask === undefined ? {} : { mask: await portable(request.mask, 'content-load') };
  return { portable: { ...request, content: await portable(request.content, 'content-load'), styles, model, ...mask }, written, made };
}

/** Errors name URLs as the page wrote them; an image that cannot be posted to the worker is cross-origin without CORS. */
function rethrow(error: unknown, written: Map<string, string>): never {
  if (error instanceof DOMException && error.name === 'DataCloneError') {
    throw new StyleTransferError('content-load', 'the image is cross-origin and not served with CORS, so it cannot be read', { cause: error });
  }
  if (!(error instanceof StyleTransferError)) throw error;
  let message = error.message;
  for (const [absolute, text] of written) message = message.replaceAll(`"${absolute}"`, `"${text}"`);
  throw new StyleTransferError(error.type, message, { cause: error.cause });
}
