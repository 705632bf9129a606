/**
 * The calls a page (or a worker) makes to a style-transfer worker, each a request with a typed response, and
 * the messages that carry them (plain, structured-cloneable data). The page's worker, a live loop's second
 * worker and a tiled run's helper all speak it, through one WorkerClient.
 */
import type { EngineErrorType } from '../internal/errors.js';
import type { Rect } from './tiles.js';
import type { StyleVector } from './style-vector.js';
import type { EngineOptions, StylizeProgress, StylizeRequest, StylizeResult } from './types.js';

/** The page's cache keys of a request's images (copies that cross lose their identity). */
export interface SourceKeys {
  content: string | undefined;
  styles: (string | undefined)[];
}

/** Recorded normalisation statistics as plain arrays (they cross to a helper): name, values, shape. */
export type StatisticsValues = [name: string, values: Float32Array, shape: number[]][];

/** One tile to repaint: the tile with its margins, the part of it to hand back, and how to paint it. */
export interface TileJob {
  piece: ImageBitmap;
  keep: Rect;
  style: StyleVector;
  statistics: StatisticsValues;
  preserveColors: boolean;
}

/** Each call's arguments and response. `client` is one WorkerStylizer (its own caches). */
export interface WorkerCalls {
  stylize: { args: { client: number; options: EngineOptions; request: StylizeRequest; keys: SourceKeys }; response: StylizeResult };
  preload: { args: { client: number; options: EngineOptions; model?: string }; response: undefined };
  tensors: { args: { client: number; options: EngineOptions }; response: number };
  /** Frees every model file the worker has loaded. */
  release: { args: Record<string, never>; response: undefined };
  /** One tile of a tiled run that another worker planned. */
  tile: { args: { options: EngineOptions; model: string; job: TileJob }; response: Float32Array };
}

export type CallName = keyof WorkerCalls;

/** Page → worker. */
export type ToWorker =
  | { [K in CallName]: { kind: 'call'; id: number; name: K; args: WorkerCalls[K]['args'] } }[CallName]
  | { kind: 'abort'; id: number }
  /** The page no longer holds this client: its caches go. */
  | { kind: 'dispose'; client: number };

/** Worker → page. `heapBytes`: what the worker's WebAssembly heap has grown to. */
export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'progress'; id: number; progress: StylizeProgress }
  | { kind: 'done'; id: number; value: WorkerCalls[CallName]['response']; heapBytes: number }
  /** `broken`: the worker's runtime no longer computes (checked after the failure), so it must be replaced. */
  | { kind: 'failed'; id: number; error: { type: EngineErrorType; message: string }; broken: boolean };
