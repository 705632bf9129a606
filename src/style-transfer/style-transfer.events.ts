/** The element's events: their detail types and the one helper that fires them. */
import type { EngineErrorType, StylizeProgress, StylizeResult } from '../engine/index.js';

/** Why a run failed: the engine's reasons, with a request error reported as the attribute that caused it. */
export type StyleTransferErrorType = Exclude<EngineErrorType, 'invalid-request' | 'aborted'> | 'invalid-attribute';

/**
 * A painted result: its size, `durationMs` from the start of the run, the phases' `timings`, the
 * `styleVector` the transformer used (styles blended, strength applied), the `backend` and `threads` it
 * computed on, the `model` set, and the `thread` it ran in (the page's worker, or the main thread).
 */
export type StylizedEventDetail = Omit<StylizeResult, 'image' | 'helperTiles'> & { durationMs: number };

export interface FrameEventDetail extends StylizedEventDetail {
  /** Frames painted since the live loop started. */
  frames: number;
  /** Frames painted per second, over the last ten. */
  fps: number;
}

export interface ErrorEventDetail {
  type: StyleTransferErrorType;
  message: string;
}

/** `totalProgress`: the whole run, 0 to 1, never going back; `phase` with its `loaded` of `total` (see StylizeProgress). */
export type ProgressEventDetail = StylizeProgress;

export type StylizedEvent = CustomEvent<StylizedEventDetail>;
export type StyleTransferFrameEvent = CustomEvent<FrameEventDetail>;
export type StyleTransferErrorEvent = CustomEvent<ErrorEventDetail>;
export type StyleTransferProgressEvent = CustomEvent<ProgressEventDetail>;

export interface StyleTransferEventMap {
  stylized: StylizedEvent;
  frame: StyleTransferFrameEvent;
  error: StyleTransferErrorEvent;
  progress: StyleTransferProgressEvent;
}

declare global {
  interface GlobalEventHandlersEventMap {
    stylized: StylizedEvent;
  }
}
