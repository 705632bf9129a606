/** The element's events: their detail types and the one helper that fires them. */
import type { EngineErrorType, StylizeProgress, StylizeTimings } from '../engine/index.js';
import type { StyleTransferElement } from './style-transfer.component.js';

/** Why a run failed: the engine's reasons, with a request error reported as the attribute that caused it. */
export type StyleTransferErrorType = Exclude<EngineErrorType, 'invalid-request' | 'aborted'> | 'invalid-attribute';

export interface StylizedEventDetail {
  /** Output size in pixels. */
  width: number;
  height: number;
  /** From the start of the run to the result, in milliseconds. */
  durationMs: number;
  /** Milliseconds per phase: model loading, decoding, style network, transformer. */
  timings: StylizeTimings;
  /** The 100-number style vector the transformer used (styles blended, strength applied). */
  styleVector: Float32Array;
  /** The TF.js backend that ran the models (e.g. "wasm", "webgl"). */
  backend: string;
  /** Threads it computed on: WebAssembly uses every core where the page is cross-origin isolated (COOP + COEP headers). */
  threads: number;
  /** The model set id. */
  model: string;
  /** Where the networks ran: the page's shared Web Worker, or the main thread. */
  thread: 'worker' | 'main';
}

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

/** `model`: bytes downloaded of `total`; `style`: paintings analysed; `tile`: tiles done; `decode`, `transformer`: 0 of 1, then 1 of 1. */
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

/** A listener for one of the element's events, with its detail typed. */
type TypedListener<K extends keyof StyleTransferEventMap> = (this: StyleTransferElement, event: StyleTransferEventMap[K]) => unknown;

declare module './style-transfer.component.js' {
  /** Typed listeners: `el.addEventListener('error', (e) => e.detail.type)`. */
  export interface StyleTransferElement {
    addEventListener<K extends keyof StyleTransferEventMap>(type: K, listener: TypedListener<K>, options?: boolean | AddEventListenerOptions): void;
    addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
    removeEventListener<K extends keyof StyleTransferEventMap>(type: K, listener: TypedListener<K>, options?: boolean | EventListenerOptions): void;
    removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
  }
}

/**
 * Fires a bubbling, composed event. `error` is the exception: like <img>'s it
 * does not bubble, so it never reaches `window.onerror` (where pages and test
 * runners treat it as an uncaught exception); listen on the element.
 */
export function emit<K extends keyof StyleTransferEventMap>(
  target: HTMLElement,
  name: K,
  detail: StyleTransferEventMap[K]['detail'],
): void {
  const bubbles = name !== 'error';
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles, composed: bubbles }));
}
