/**
 * Live stylization as a page gets it: the element with `live` on a synthetic 30 fps video (a canvas's
 * captureStream, the photo drifting across it), frames painted per second at 256², 384² and 512², in the
 * worker and on the main thread, and the tensor count before and after.
 */
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import type { FrameEventDetail } from '../src/style-transfer/style-transfer.events.js';
import { tensorCount } from '../test/helpers/element.js';

export const LIVE_SIZES = [256, 384, 512];
const SECONDS = 8;
const threads = ['worker', 'main'] as const;

export interface LiveRow {
  fps: number;
  frames: number;
  /** Median milliseconds from a frame's request to its result (decode, transformer, crossing). */
  frameMs: number;
  tensorsGrew: number;
}

/** The synthetic video's picture at `time` ms: `photo` drifting sideways by 50 px a second, wrapping round. */
export function drawDrifted(context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, photo: ImageBitmap, n: number, time: number): void {
  const shift = (time / 20) % n;
  context.drawImage(photo, -shift, 0, n, n);
  context.drawImage(photo, n - shift, 0, n, n);
}

/** A 30 fps video (a camera's rate): a canvas-captured stream of the drifting photo, redrawn every 1/30 s. */
function syntheticVideo(photo: ImageBitmap, n: number) {
  const canvas = Object.assign(document.createElement('canvas'), { width: n, height: n });
  const context = canvas.getContext('2d')!;
  const stream = canvas.captureStream(30);
  const started = performance.now();
  const timer = setInterval(() => drawDrifted(context, photo, n, performance.now() - started), 1000 / 30);
  return { stream, stop: () => clearInterval(timer) };
}

/**
 * What computing the frame's own style vector only every 30 frames costs in quality, at strength 0.5 and 256²:
 * each of 30 frames (1 s of the drifting video at 30 fps) stylized with its own vector, against the same frame
 * stylized with the vector of frame 0; and what one refresh costs (the style network on a frame).
 */
export async function refreshCost(photoBlob: Blob, styleUrl: string) {
  const photo = await createImageBitmap(photoBlob);
  const stylizer = new InThreadStylizer({ backend: 'wasm' });
  const frame = (k: number) => {
    const canvas = new OffscreenCanvas(256, 256);
    drawDrifted(canvas.getContext('2d')!, photo, 256, (k * 1000) / 30);
    return canvas.transferToImageBitmap();
  };
  const request = { styles: [{ src: styleUrl }], maxSize: 256, strength: 0.5 };
  const first = await stylizer.stylize({ ...request, content: frame(0) });
  const diffs: number[] = [];
  const refreshMs: number[] = [];
  for (let k = 1; k < 30; k++) {
    const content = frame(k);
    const own = await stylizer.stylize({ ...request, content });
    const reused = await stylizer.stylize({ ...request, content, styles: [{ vector: first.styleVector }], strength: 1 });
    refreshMs.push(own.timings.style);
    let sum = 0;
    for (let i = 0; i < own.image.data.length; i++) if (i % 4 !== 3) sum += Math.abs(own.image.data[i] - reused.image.data[i]);
    diffs.push(sum / ((own.image.data.length * 3) / 4));
  }
  refreshMs.sort((a, b) => a - b);
  return { meanDiff: diffs.reduce((a, b) => a + b, 0) / diffs.length, maxDiff: Math.max(...diffs), refreshMs: refreshMs[refreshMs.length >> 1] };
}

async function liveAt(photo: ImageBitmap, n: number, styleUrl: string): Promise<LiveRow> {
  const video = syntheticVideo(photo, n);
  const el = Object.assign(document.createElement('style-transfer'), { maxSize: n, content: video.stream, styleSrc: styleUrl, live: true });
  const frames: FrameEventDetail[] = [];
  el.addEventListener('frame', ({ detail }) => frames.push(detail));
  document.body.append(el);
  while (frames.length < 10) await new Promise((resolve) => setTimeout(resolve, 50));
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
  const refresh = await refreshCost(photoBlob, styleUrl);
  log(`live refresh every 30 frames, strength 0.5, 256²: mean abs diff ${refresh.meanDiff.toFixed(2)} (max ${refresh.maxDiff.toFixed(2)}) /255 against every frame's own vector; a refresh costs ${refresh.refreshMs.toFixed(0)} ms`);
  return { ...results, refresh };
}
