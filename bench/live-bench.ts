/**
 * Live stylization as a page gets it: the element with `live` on a synthetic video (a canvas's
 * captureStream, the photo drifting across it), frames painted per second at 256², 384² and 512², in the
 * worker and on the main thread, and the tensor count before and after.
 */
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import type { FrameEventDetail } from '../src/style-transfer/style-transfer.events.js';
import { tensorCount } from '../test/helpers/element.js';

export const LIVE_SIZES = [256, 384, 512];
const SECONDS = 6;
const threads = ['worker', 'main'] as const;

export interface LiveRow {
  fps: number;
  frames: number;
  /** Median milliseconds from a frame's request to its result (decode, transformer, crossing). */
  frameMs: number;
  tensorsGrew: number;
}

/** A canvas-captured stream of `photo` drifting sideways, redrawn every animation frame. */
function syntheticVideo(photo: ImageBitmap, n: number) {
  const canvas = Object.assign(document.createElement('canvas'), { width: n, height: n });
  const context = canvas.getContext('2d')!;
  let running = true;
  const draw = (time: number) => {
    const shift = (time / 20) % n;
    context.drawImage(photo, -shift, 0, n, n);
    context.drawImage(photo, n - shift, 0, n, n);
    if (running) requestAnimationFrame(draw);
  };
  requestAnimationFrame(draw);
  return { stream: canvas.captureStream(), stop: () => void (running = false) };
}

async function liveAt(photo: ImageBitmap, n: number, styleUrl: string): Promise<LiveRow> {
  const video = syntheticVideo(photo, n);
  const el = Object.assign(document.createElement('style-transfer'), { maxSize: n, content: video.stream, styleSrc: styleUrl, live: true });
  const frames: FrameEventDetail[] = [];
  el.addEventListener('frame', ({ detail }) => frames.push(detail));
  document.body.append(el);
  while (frames.length < 5) await new Promise((resolve) => setTimeout(resolve, 50));
  const before = await tensorCount();
  const start = { time: performance.now(), frames: frames.length };
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const counted = frames.length - start.frames;
  const seconds = (performance.now() - start.time) / 1000;
  el.live = false;
  el.remove();
  video.stream.getTracks().forEach((track) => track.stop());
  video.stop();
  const durations = frames.slice(start.frames).map((f) => f.durationMs).sort((a, b) => a - b);
  return { fps: counted / seconds, frames: counted, frameMs: durations[durations.length >> 1], tensorsGrew: (await tensorCount()) - before };
}

export async function liveRuns(photoBlob: Blob, styleUrl: string, log: (line: string) => void) {
  const photo = await createImageBitmap(photoBlob);
  const results: Record<string, Record<number, LiveRow>> = {};
  for (const thread of threads) {
    StyleTransferElement.worker = thread === 'worker';
    results[thread] = {};
    for (const n of LIVE_SIZES) {
      const row = (results[thread][n] = await liveAt(photo, n, styleUrl));
      log(`live ${thread} ${n}²: ${row.fps.toFixed(1)} fps (${row.frames} frames in ${SECONDS} s, median ${row.frameMs.toFixed(0)} ms a frame), tensors ${row.tensorsGrew >= 0 ? '+' : ''}${row.tensorsGrew}`);
    }
  }
  StyleTransferElement.worker = true;
  return results;
}
