/**
 * Live stylization: a loop around a Stylizer that repaints a moving picture (a video, a camera's
 * MediaStream, a canvas) frame after frame. It always takes the newest frame and drops the ones that arrive
 * while it is busy. The style vector is computed once; only the transformer runs per frame, except that
 * with strength below 1 the frame's own style vector is brought up to date every `refreshEvery` frames.
 */
import { abortedError, StyleTransferError } from '../internal/errors.js';
import type { StyleVector } from './style-vector.js';
import type { StylizeOptions, StylizeRequest, StylizeResult } from './stylize-request.js';

/** A moving picture: a `<video>`, a MediaStream (e.g. a camera), a canvas being drawn on, or a video file's URL. */
export type LiveSource = HTMLVideoElement | HTMLCanvasElement | MediaStream | string | URL;

export interface LiveFrame {
  result: StylizeResult;
  /** Frames painted so far in this loop. */
  frames: number;
  /** Frames painted per second, over the last few. */
  fps: number;
}

export interface LiveOptions {
  signal: AbortSignal;
  onFrame(frame: LiveFrame): void;
  /** With strength below 1: how many frames use the same frame-own style vector (default 30). */
  refreshEvery?: number;
  onProgress?: StylizeOptions['onProgress'];
}

/** Frames over which fps is measured. */
const FPS_WINDOW = 10;
/** How often a loop waiting for a frame checks that its MediaStream still has a live video track. */
const STILL_LIVE_CHECK_MS = 500;

export function isMediaStream(source: unknown): source is MediaStream {
  return typeof MediaStream !== 'undefined' && source instanceof MediaStream;
}

export function isLiveSource(source: unknown): source is LiveSource {
  return (
    typeof source === 'string' ||
    source instanceof URL ||
    isMediaStream(source) ||
    (typeof HTMLVideoElement !== 'undefined' && source instanceof HTMLVideoElement) ||
    (typeof HTMLCanvasElement !== 'undefined' && source instanceof HTMLCanvasElement)
  );
}

/** Stylizes `request.content` frame after frame until `signal` aborts (then rejects with `aborted`) or a run fails. */
export async function stylizeLive(
  stylizer: { stylize(request: StylizeRequest, options?: StylizeOptions): Promise<StylizeResult> },
  request: Omit<StylizeRequest, 'content'> & { content: LiveSource },
  { signal, onFrame, onProgress, refreshEvery = 30 }: LiveOptions,
): Promise<never> {
  const { picture, release, stillLive } = await playable(request.content, signal);
  const clock = frameClock(picture, signal, stillLive);
  try {
    const painted: number[] = [];
    let vector: StyleVector | undefined;
    for (let frames = 0, seen = 0; ; ) {
      seen = await clock.after(seen);
      // The full request on the first frame, and (strength < 1) now and then for the frame's own style.
      const full = vector === undefined || ((request.strength ?? 1) < 1 && frames % refreshEvery === 0);
      const styles = full ? request.styles : [{ vector: vector! }];
      const result = await stylizer.stylize({ ...request, content: picture, styles, strength: full ? request.strength : 1 }, { signal, onProgress: full ? onProgress : undefined });
      vector = result.styleVector;
      painted.push(performance.now());
      if (painted.length > FPS_WINDOW) painted.shift();
      const seconds = (painted.at(-1)! - painted[0]) / 1000;
      onFrame({ result, frames: ++frames, fps: seconds > 0 ? (painted.length - 1) / seconds : 0 });
    }
  } finally {
    clock.stop();
    release();
  }
}

/**
 * Counts the frames `picture` presents (a video's, through requestVideoFrameCallback; a canvas's, one per
 * animation frame) while the loop is busy, so that it starts on a new frame at once instead of waiting for the next.
 */
function frameClock(picture: HTMLVideoElement | HTMLCanvasElement, signal: AbortSignal, stillLive: () => void) {
  let count = 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  const schedule = () => {
    if (picture instanceof HTMLVideoElement && 'requestVideoFrameCallback' in picture) picture.requestVideoFrameCallback(tick);
    else requestAnimationFrame(tick);
  };
  const tick = () => {
    count++;
    wake?.();
    if (!stopped) schedule();
  };
  schedule();
  return {
    /** Stops counting (the loop has ended, by abort or by a failed run). */
    stop: () => void (stopped = true),
    /** Resolves with the frame count once a frame newer than `seen` is there. */
    after(seen: number): Promise<number> {
      return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(abortedError());
        if (count > seen) return resolve(count);
        // A stream whose camera was stopped sends no more frames, and says so nowhere else: look now and then.
        const check = setInterval(() => {
          try {
            stillLive();
          } catch (error) {
            finish(() => reject(error));
          }
        }, STILL_LIVE_CHECK_MS);
        const onAbort = () => finish(() => reject(abortedError()));
        const finish = (settle: () => void) => {
          wake = undefined;
          clearInterval(check);
          signal.removeEventListener('abort', onAbort);
          settle();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        wake = () => finish(() => resolve(count));
      });
    },
  };
}

/** The source as something with frames: a MediaStream or a video URL plays in a video of our own (muted, looped). */
async function playable(source: LiveSource, signal: AbortSignal) {
  const stillLive = () => {
    if (isMediaStream(source) && !source.getVideoTracks().some((track) => track.readyState === 'live')) {
      throw new StyleTransferError('content-load', 'the MediaStream has no live video track (has the camera been stopped?)');
    }
  };
  if (source instanceof HTMLVideoElement || source instanceof HTMLCanvasElement) return { picture: source, release: () => {}, stillLive };
  const stream = isMediaStream(source);
  // A stream without a live video track never starts playing: say so instead of waiting for ever.
  stillLive();
  const video = Object.assign(document.createElement('video'), { muted: true, loop: true, playsInline: true, crossOrigin: 'anonymous' });
  if (stream) video.srcObject = source;
  else video.src = String(source);
  const release = () => {
    video.pause();
    video.srcObject = null;
    video.removeAttribute('src');
    video.load();
  };
  try {
    await video.play();
  } catch (error) {
    release();
    if (signal.aborted) throw abortedError();
    const what = stream ? 'the MediaStream' : `"${source}" (is it a video the browser can play, and same-origin or served with CORS?)`;
    throw new StyleTransferError('content-load', `${what} could not be played as a video`, { cause: error });
  }
  return { picture: video, release, stillLive };
}
