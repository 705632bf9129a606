/** What a Stylizer takes and gives: plain data (structured-cloneable, so a worker can carry it). */
import type { ImageInput, StyleFit } from './image-source.js';
import type { StyleVector } from './style-vector.js';

/** One painting to take style from: an image (URL, Blob, bitmap, canvas…) or its 100-number vector. */
export interface StyleSource {
  src?: ImageInput;
  vector?: StyleVector;
  /** Relative weight when several styles are blended (default 1; weights are normalised). */
  weight?: number;
}

export interface StylizeRequest {
  /** The photo to repaint. */
  content: ImageInput;
  /** One or more paintings, blended by weight. */
  styles: StyleSource[];
  /** 0 (the photo redrawn with its own style) … 1 (full style); default 1. */
  strength?: number;
  /** The output's longest side in pixels (the photo is scaled down to it); default 1024. */
  maxSize?: number;
  /** Model set id (default `magenta`). */
  model?: string;
  /** Keep the photo's colours and take only the painting's brush work (its luminance); default false. */
  preserveColors?: boolean;
  /** The side of the square a painting is analysed at (default: the model set's, 256): larger sees finer strokes. */
  styleSize?: number;
  /** `cover` (default, as trained): the painting's central square; `fill`: all of it, squeezed to a square. */
  styleFit?: StyleFit;
  /**
   * The transformer runs in tiles of about this side (bounded memory, any size): default automatic (tiles of
   * 512 for photos over 1024² pixels); 0: never tile (up to MAX_PIXELS).
   */
  tileSize?: number;
}

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

/** `model`: bytes downloaded; `style`: style images analysed; `tile`: tiles done of a tiled run; the others: 0 of 1, then 1 of 1. */
export interface StylizeProgress {
  phase: StylizePhase;
  loaded: number;
  total: number;
}

export interface StylizeOptions {
  signal?: AbortSignal;
  onProgress?: (progress: StylizeProgress) => void;
}
