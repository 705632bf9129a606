/**
 * Live stylization: a loop around a Stylizer that repaints a moving picture (a video, a camera's
 * MediaStream, a canvas) frame after frame. It always takes the newest frame and drops the ones that arrive
 * while it is busy. The style vector is computed once; only the transformer runs per frame, except that
 * with strength below 1 the frame's own style vector is brought up to date every `refreshEvery` frames.
 * Where the Stylizer's worker computes on one thread and the device has more cores, a second lane (another
 * worker) takes every other frame, so two frames are stylized at once; frames are painted in order. It stops
 * once the first lane's frames no longer run there (an AdaptiveStylizer moved them to WebGPU).
 */
import { shownUrl } from '../internal/bounded-fetch.js';
import { abortedError, StyleTransferError } from '../internal/errors.js';
import { isMediaStream, requireLiveTrack } from './image-source.js';
import type { StyleVector } from './style-vector.js';
import type { LiveOptions, LiveRequest, LiveSource, StylizeOptions, StylizeRequest, StylizeResult } from './types.js';

/** Stylizes frames with a known style vector on a thread of its own; closed when the loop ends. */
export interface LiveLane {
  stylize(request: StylizeRequest, options?: StylizeOptions): Promise<StylizeResult>;
  close(): void;
}

/** What a live loop is stylized by: a Stylizer, and where it runs in a worker, its way to start a second lane. */
interface LiveStylizer {
  stylize: LiveLane['stylize'];
  /** A second lane, used where the first frame ran in a worker on one thread and the device has a core to spare. */
  secondLane?(): LiveLane;
}

type Stylizes = Pick<LiveLane, 'stylize'>;

/** Frames over which fps is measured. */
const FPS_WINDOW = 10;
/** How often a loop waiting for a frame checks that its source still plays: a live track, no video error. */
const STILL_LIVE_CHECK_MS = 250;
/** The longest side of the copy a canvas is compared by: a change of a few pixels shows, at a small cost per frame. */
const CANVAS_PRINT_SIDE = 256;

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
export async function stylizeLive(stylizer: LiveStylizer, request: LiveRequest, { signal, onFrame, onProgress, refreshEvery = 30 }: LiveOptions): Promise<never> {
  const secondLane = stylizer.secondLane && (() => stylizer.secondLane!());
  const { picture, release, stillLive } = await playable(request.content, signal);
  const clock = frameClock(picture, signal, stillLive);
  let lane: LiveLane | undefined;
  try {
    const painted: number[] = [];
    let vector: StyleVector | undefined;
    let frames = 0;
    let taken = 0;
    let newestPainted = 0;
    let takenSinceRefresh = 0;
    let ended = false;
    /** The first lane's newest result: once its frames no longer run in a one-thread worker (moved to WebGPU, say), the second lane stops. */
    let firstLaneResult: StylizeResult | undefined;
    const paint = (result: StylizeResult, frame: number) => {
      // Not after the loop ended, nor over a newer frame the other lane painted meanwhile.
      if (ended || frame < newestPainted) return;
      newestPainted = frame;
      painted.push(performance.now());
      if (painted.length > FPS_WINDOW) painted.shift();
      const seconds = (painted.at(-1)! - painted[0]) / 1000;
      onFrame({ result, frames: ++frames, fps: seconds > 0 ? (painted.length - 1) / seconds : 0 });
    };
    // Only the first lane runs full requests: the second has neither the paintings' vectors nor the style network.
    const run = async (through: Stylizes, first: boolean): Promise<void> => {
      for (;;) {
        if (!first && !lanePays(firstLaneResult!)) return;
        await clock.next();
        stillLive();
        const frame = ++taken;
        // The full request on the first frame, and (strength < 1) now and then for the frame's own style.
        const full = first && (vector === undefined || ((request.strength ?? 1) < 1 && takenSinceRefresh >= refreshEvery));
        takenSinceRefresh = full ? 1 : takenSinceRefresh + 1;
        const styles = full ? request.styles : [{ vector: vector! }];
        const frameRequest = { ...request, content: picture, styles, strength: full ? request.strength : 1 };
        // A frame that could not be read because the video failed meanwhile: the video's error says why.
        const result = await through.stylize(frameRequest, { signal, onProgress: full ? onProgress : undefined }).catch(async (error: unknown) => {
          if (picture instanceof HTMLVideoElement) await failure(picture, STILL_LIVE_CHECK_MS * 2);
          stillLive();
          throw error;
        });
        // From full requests only: a frame the second lane began before a refresh carries the older vector.
        if (full) vector = result.styleVector;
        if (first) firstLaneResult = result;
        paint(result, frame);
        if (!lane && secondLane && lanePays(result)) lane = startLane(secondLane(), run, () => ended || signal.aborted);
      }
    };
    // The first lane ends only by throwing (aborted, or a failed run).
    return (await run(stylizer, true).finally(() => (ended = true))) as never;
  } finally {
    lane?.close();
    clock.stop();
    release();
  }
}

/** A second worker pays where the first computes on one thread and the device has a core to spare. */
function lanePays({ thread, threads }: StylizeResult): boolean {
  return thread === 'worker' && threads === 1 && (globalThis.navigator?.hardwareConcurrency ?? 1) > 1;
}

/** Runs `lane` alongside the first; it is only ever a speed-up: if it fails, the first goes on alone. */
function startLane(lane: LiveLane, run: (through: Stylizes, first: boolean) => Promise<void>, loopEnded: () => boolean): LiveLane {
  run(lane, false).then(() => lane.close(), (error: unknown) => {
    lane.close();
    // Once the loop has ended (cancelled, or the first lane failed: reported on its own), a frame left half-read may fail.
    if (!loopEnded()) console.warn('<style-transfer>: the second live worker failed, so frames go on in one worker:', error);
  });
  return lane;
}

/**
 * Counts the frames `picture` presents (a video's, through requestVideoFrameCallback; a canvas's, one per
 * animation frame) while the loop is busy, so that it starts on a new frame at once instead of waiting for the
 * next. Each frame goes to one lane: a lane asking while no new frame is there waits for the next.
 */
function frameClock(picture: HTMLVideoElement | HTMLCanvasElement, signal: AbortSignal, stillLive: () => void) {
  let count = 0;
  let handedOut = 0;
  let stopped = false;
  const waiting: { wake(): void; cancel(): void }[] = [];
  const schedule = () => {
    if (picture instanceof HTMLVideoElement && 'requestVideoFrameCallback' in picture) picture.requestVideoFrameCallback(tick);
    else requestAnimationFrame(tick);
  };
  // A canvas presents a frame on every animation frame: only one whose pixels changed is a new picture to stylize.
  const changed = picture instanceof HTMLCanvasElement ? canvasChanges(picture) : () => true;
  const tick = () => {
    count++;
    if (waiting.length && changed()) waiting.shift()!.wake();
    if (!stopped) schedule();
  };
  schedule();
  return {
    /** Stops counting (the loop has ended, by abort or by a failed run); a lane still waiting gets `aborted`. */
    stop() {
      stopped = true;
      for (const waiter of [...waiting]) waiter.cancel();
    },
    /** Resolves once a frame is there that no lane has had yet. */
    next(): Promise<void> {
      return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(abortedError());
        if (count > handedOut && changed()) return resolve(void (handedOut = count));
        // A stream whose camera was stopped sends no more frames, and says so nowhere else: look now and then.
        const check = setInterval(() => {
          try {
            stillLive();
          } catch (error) {
            finish(() => reject(error));
          }
        }, STILL_LIVE_CHECK_MS);
        const onAbort = () => finish(() => reject(abortedError()));
        const waiter = { wake: () => finish(() => resolve(void (handedOut = count))), cancel: onAbort };
        const finish = (settle: () => void) => {
          const index = waiting.indexOf(waiter);
          if (index >= 0) waiting.splice(index, 1);
          clearInterval(check);
          signal.removeEventListener('abort', onAbort);
          settle();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiting.push(waiter);
      });
    },
  };
}

/**
 * Whether the canvas shows another picture than when last asked: its pixels, at most CANVAS_PRINT_SIDE on a side,
 * compared with the last ones (the first call says yes).
 */
function canvasChanges(canvas: HTMLCanvasElement): () => boolean {
  let last: Uint32Array | undefined;
  // One copy for the loop, not one per animation frame.
  const copy = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true })!;
  return () => {
    const scale = Math.min(1, CANVAS_PRINT_SIDE / Math.max(canvas.width, canvas.height, 1));
    const [width, height] = [Math.max(1, Math.round(canvas.width * scale)), Math.max(1, Math.round(canvas.height * scale))];
    if (copy.canvas.width !== width || copy.canvas.height !== height) Object.assign(copy.canvas, { width, height });
    copy.drawImage(canvas, 0, 0, width, height);
    const pixels = new Uint32Array(copy.getImageData(0, 0, width, height).data.buffer);
    const same = last?.length === pixels.length && last.every((value, i) => value === pixels[i]);
    last = pixels;
    return !same;
  };
}

/** Resolves once `video` has failed, or after `ms` (it may fail a moment after its frames could no longer be read). */
function failure(video: HTMLVideoElement, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (video.error) return resolve();
    const done = () => {
      clearTimeout(timer);
      video.removeEventListener('error', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    video.addEventListener('error', done);
  });
}

/** MediaError's codes, as a page author reads them. */
const MEDIA_ERRORS: Record<number, string> = { 1: 'aborted', 2: 'a network error', 3: 'a decoding error', 4: 'a format the browser cannot play' };

/** The source as something with frames: a MediaStream or a video URL plays in a video of our own (muted, looped). */
async function playable(source: LiveSource, signal: AbortSignal) {
  let video: HTMLVideoElement | undefined;
  const stillLive = () => {
    requireLiveTrack(source);
    const failed = (source instanceof HTMLVideoElement ? source : video)?.error;
    if (failed) throw new StyleTransferError('content-load', `the video stopped with an error (${MEDIA_ERRORS[failed.code] ?? `code ${failed.code}`}${failed.message ? `: ${failed.message}` : ''})`);
  };
  if (source instanceof HTMLVideoElement || source instanceof HTMLCanvasElement) return { picture: source, release: () => {}, stillLive };
  const stream = isMediaStream(source);
  // A stream without a live video track never starts playing: say so instead of waiting for ever.
  stillLive();
  video = Object.assign(document.createElement('video'), { muted: true, loop: true, playsInline: true, crossOrigin: 'anonymous' });
  if (stream) video.srcObject = source;
  else video.src = String(source);
  const release = () => {
    if (!video) return;
    video.pause();
    video.srcObject = null;
    video.removeAttribute('src');
    video.load();
  };
  const notAVideo = () => new StyleTransferError('content-load', `"${shownUrl(String(source))}" is a still image, not a video: remove the live attribute to stylize it once`);
  try {
    await video.play();
  } catch (error) {
    release();
    if (signal.aborted) throw abortedError();
    requireLiveTrack(source); // a camera stopped while the video started: say that
    if (!stream && (await stillImageAt(String(source), signal))) throw notAVideo();
    const what = stream ? 'the MediaStream' : `"${shownUrl(String(source))}" (is it a video the browser can play, and same-origin or served with CORS?)`;
    throw new StyleTransferError('content-load', `${what} could not be played as a video`, { cause: error });
  }
  // WebKit plays a JPEG or PNG as a video of one frame, 0–1 ms long (and then waits for ever for the next); Chromium
  // and Firefox refuse it. Only a video under a second is looked at again, so a real one costs no second request.
  if (!stream && !(video.duration >= 1) && (await stillImageAt(String(source), signal))) {
    release();
    throw notAVideo();
  }
  return { picture: video, release, stillLive };
}

/** How long the first bytes of a video's URL may take to come before they are not waited for. */
const SNIFF_TIMEOUT_MS = 5000;

/**
 * Whether `url` serves a still image (by its Content-Type or its first bytes: JPEG, PNG, GIF, WebP); false where
 * that cannot be told (no CORS, a server that hangs: the video itself then decides).
 */
async function stillImageAt(url: string, signal: AbortSignal): Promise<boolean> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal.addEventListener('abort', stop, { once: true });
  const timer = setTimeout(stop, SNIFF_TIMEOUT_MS);
  try {
    // A simple range (CORS-safelisted): a server that ignores it starts sending the whole file, cut off below.
    const response = await fetch(url, { signal: controller.signal, headers: { Range: 'bytes=0-15' } });
    if (!response.ok) return false;
    if (/^image\//i.test(response.headers.get('content-type') ?? '')) return true;
    const { value: head = new Uint8Array() } = (await response.body?.getReader().read()) ?? {};
    const text = String.fromCharCode(...head.subarray(0, 12));
    return /^(\xff\xd8\xff|\x89PNG|GIF8|RIFF....WEBP)/s.test(text);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
    controller.abort(); // the rest of the body is not wanted
  }
}
