/** The element's events: their detail types and the one helper that fires them. */
import type { StyleTransferErrorType } from '../engine/errors.js';

export interface StylizedEventDetail {
  /** Output size in pixels. */
  width: number;
  height: number;
  /** From the start of the run to the painted result. */
  durationMs: number;
  /** The TF.js backend that ran the models (e.g. "wasm", "webgl"). */
  backend: string;
  /** The model set id. */
  model: string;
}

export interface ErrorEventDetail {
  type: StyleTransferErrorType;
  message: string;
}

export type StylizedEvent = CustomEvent<StylizedEventDetail>;
export type StyleTransferErrorEvent = CustomEvent<ErrorEventDetail>;

export interface StyleTransferEventMap {
  stylized: StylizedEvent;
  error: StyleTransferErrorEvent;
}

declare global {
  interface GlobalEventHandlersEventMap {
    stylized: StylizedEvent;
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
