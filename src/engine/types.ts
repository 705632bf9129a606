/** The engine's plain data: what a Stylizer takes and gives (structured-cloneable, so a worker can carry it), and the Stylizer itself. */
import { type BackendName, BACKENDS, type RuntimeOptions } from '../internal/tf-runtime.js';
import type { StylizeRequest } from './request-fields.js';
import type { StyleVector } from './style-vector.js';

export type { RequestSettings, StyleSource, StylizeRequest } from './request-fields.js';

export interface StylizeTimings {
  /** Milliseconds spent in each phase of this run (0 for what came from a cache), and in all. */
  model: number;
  decode: number;
  style: number;
  transformer: number;
  total: number;
}

export interface StylizeResult {
  image: ImageData;
  width: number;
  height: number;
  /** The blended style vector the transformer used (strength applied). */
  styleVector: StyleVector;
  timings: StylizeTimings;
  backend: string;
  /** Threads the backend computed on (WebAssembly uses every core where the page is cross-origin isolated). */
  threads: number;
  model: string;
  /** Where the networks ran: a Web Worker, or the page's main thread. */
  thread: 'worker' | 'main';
  /**
   * Tiles of a tiled run that a second, helper worker repainted: where the worker computes on one thread (the
   * page is not cross-origin isolated) and the device has more cores, it shares the tiles with a helper.
   */
  helperTiles: number;
}

export type StylizePhase = 'model' | 'decode' | 'style' | 'transformer' | 'tile';

/**
 * How far a run has come. `phase` and its `loaded` of `total`: `model`, bytes downloaded; `style`, paintings
 * analysed; `tile`, tiles done; `decode` and `transformer`, 0 of 1, then 1 of 1. `totalProgress`: the whole
 * run, 0 to 1, phases weighted by what they cost; it never goes back, and is 1 when the result is ready.
 */
export interface StylizeProgress {
  phase: StylizePhase;
  loaded: number;
  total: number;
  totalProgress: number;
  /** The result's size, in every report from the photo's decode on: known before the models are loaded. */
  outputSize?: { width: number; height: number };
}

export interface StylizeOptions {
  /** Cancels the run: it rejects with a StyleTransferError of type `aborted`, and leaves no tensor behind. */
  signal?: AbortSignal;
  onProgress?: (progress: StylizeProgress) => void;
}

/** A moving picture: a `<video>`, a MediaStream (e.g. a camera), a canvas being drawn on, or a video file's URL. */
export type LiveSource = HTMLVideoElement | HTMLCanvasElement | MediaStream | string | URL;

/** A request whose content moves: stylized frame after frame. */
export type LiveRequest = Omit<StylizeRequest, 'content'> & { content: LiveSource };

export interface LiveFrame {
  result: StylizeResult;
  /** Frames painted so far in this loop. */
  frames: number;
  /** Frames painted per second, over the last few. */
  fps: number;
}

export interface LiveOptions {
  /** Ends the loop: it then rejects with `aborted`. */
  signal: AbortSignal;
  onFrame(frame: LiveFrame): void;
  /** With strength below 1: how many frames use the same frame-own style vector (default 30). */
  refreshEvery?: number;
  onProgress?: StylizeOptions['onProgress'];
}

/** Settings of the TF.js runtime and the models, for every run of a Stylizer. */
export interface EngineOptions extends RuntimeOptions {
  /** Folder URL holding the model files (laid out as in models/manifest.json); default: the files the package ships. */
  modelBaseUrl?: string;
  /** URLs of single model files by their manifest path, in place of the shipped copies (e.g. resolved for a worker). */
  modelUrls?: Readonly<Record<string, string>>;
  /**
   * Keep paintings' style vectors in the page's Cache Storage, so that a later visit skips the style network
   * for them; default true. A photo's own vector is never kept.
   */
  storeStyleVectors?: boolean;
  /**
   * Keep the models as converted in the page's Cache Storage, so that a later visit loads them without
   * converting or downloading them again; default true.
   */
  storeConvertedModels?: boolean;
  /**
   * Milliseconds a download (a photo, a painting, a model file) may go without a byte, and the worker may take to
   * start, before it is given up with an error naming it; default 30 000.
   */
  stallTimeout?: number;
}

/** A TF.js backend, or `auto`: WebAssembly first, WebGPU once it has shown itself faster on this device. */
export type BackendChoice = BackendName | 'auto';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', ...BACKENDS];

/**
 * When `auto` hands runs to WebGPU: `faster` where its run was faster per pixel than WebAssembly's;
 * `same-picture` wherever it paints WebAssembly's picture (to leave the CPU to the page, say).
 */
export type SwitchRule = 'faster' | 'same-picture';

/** How createStylizer picks the Stylizer: where the networks run, on which backend, and the engine's settings. */
export interface StylizerOptions extends Omit<EngineOptions, 'backend' | 'modelUrls'> {
  /** Default `auto`. `wasm` runs in the page's worker (see `worker`); the GPU backends and `cpu` on the main thread. */
  backend?: BackendChoice;
  /** Run WebAssembly in the page's shared Web Worker, where the browser can (default true); false: on this thread. */
  worker?: boolean;
  /** With `auto`: when WebGPU takes over (default `faster`). */
  switchWhen?: SwitchRule;
}

/**
 * Stylizes photos: whichever kind `createStylizer` picked (in this thread, in the page's worker, or adaptive
 * between WebAssembly and WebGPU), it takes the same plain requests and gives the same results. It keeps
 * each decoded photo and each painting's style vector for the runs after. Runs may overlap; each is
 * cancelled by its own `signal`.
 */
export interface Stylizer {
  /** Stylizes `request`. Rejects with a StyleTransferError (`aborted` once `signal` aborts). */
  stylize(request: StylizeRequest, options?: StylizeOptions): Promise<StylizeResult>;
  /** Stylizes a moving picture frame after frame until `signal` aborts (then rejects with `aborted`) or a frame fails. */
  stylizeLive(request: LiveRequest, options: LiveOptions): Promise<never>;
  /** Starts loading TF.js and a model set now, so that the first run starts sooner. */
  preload(model?: string): Promise<void>;
  /** Tensors alive in the TF.js runtime that runs go to now (for leak checks). */
  numTensors(): Promise<number>;
  /** Drops this Stylizer's caches; later calls may start afresh. The page's worker and models stay for other Stylizers. */
  dispose(): void;
}
