/** The messages between a page and its style-transfer worker (plain, structured-cloneable data). */
import type { EngineErrorType } from '../internal/errors.js';
import type { EngineOptions } from './style-transfer-engine.js';
import type { StylizeProgress, StylizeRequest, StylizeResult } from './stylize-request.js';
import type { TileJob } from './tile-helper.js';

/** The page's cache keys of a request's images (copies that cross lose their identity). */
export interface SourceKeys {
  content: string | undefined;
  styles: (string | undefined)[];
}

/** Page → worker. `client` is one WorkerStylizer (its own caches and superseding); `run` one call. */
export type ToWorker =
  | { kind: 'stylize'; client: number; run: number; options: EngineOptions; request: StylizeRequest; keys: SourceKeys }
  | { kind: 'preload'; client: number; run: number; options: EngineOptions; model?: string }
  | { kind: 'tensors'; client: number; run: number; options: EngineOptions }
  | { kind: 'release'; run: number }
  | { kind: 'abort'; run: number }
  | { kind: 'dispose'; client: number }
  /** From a worker to its tile helper (tile-helper.ts): one tile of a tiled run. */
  | { kind: 'tile'; run: number; options: EngineOptions; model: string; job: TileJob };

/** Worker → page (and tile helper → worker). */
export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'progress'; run: number; progress: StylizeProgress }
  /** `heapBytes`: what the worker's WebAssembly heap has grown to. */
  | { kind: 'done'; run: number; value: StylizeResult | Float32Array | number | undefined; heapBytes: number }
  | { kind: 'failed'; run: number; error: { type: EngineErrorType; message: string } };
