/**
 * The per-engine section of `npm run bench -- --browser firefox|webkit|all` (bench/engines.html, which
 * run-bench.mjs opens in each engine after its first-result visits): what a page gets from the element in any
 * engine, small enough for the slower ones. Everything runs through the element and its worker (wasm, plain
 * page: one thread), except the fidelity check, which runs our port on the page's main thread beside the
 * official TF-Lite runtime in the same engine.
 *
 * - re-run 512²: the median of 5 strength changes (the transformer runs again), after 3 untimed ones;
 * - tiled 2048²: one run in tiles of 512 (`tile-size="512"`), from the element's creation to its result;
 * - live 256²: frames painted per second over 5 s, after 5 frames, with `live` on a canvas redrawn at 30 fps
 *   (the photo drifting across it): as a captureStream video, and as the canvas itself;
 * - fidelity: our port against the official runtime on the fidelity test's pairs (test/helpers/fidelity.ts).
 *
 * Each part has a time limit; a part that fails or runs out of time is reported (`{ error }`) and the others
 * still run. Results land in `window.enginesResults`; progress lines in `window.benchLog` (run-bench.mjs polls
 * both: WebKit's WebDriver forwards no console). `?only=rerun,tiled,live,fidelity` runs some parts only.
 */
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import type { FrameEventDetail, StylizedEventDetail } from '../src/style-transfer/style-transfer.events.js';
import { engineName, FIDELITY_PAIRS, FIDELITY_SIZE, fidelityOf } from '../test/helpers/fidelity.js';
import { elementAt, squareJpeg } from './element-bench.js';
import { drawDrifted } from './live-bench.js';

const CONTENT_URL = '/images/content/chicago.jpg';
const STYLE_URL = '/images/style/udnie.jpg';
const RERUNS = 5;
const TILED_SIDE = 2048;
const TILE_SIZE = 512;
const LIVE_SIDE = 256;
const LIVE_SECONDS = 5;
const LIVE_WARM_UP_FRAMES = 5;
/** How long a live source may take to give its first frames before it counts as giving none. */
const LIVE_FIRST_FRAMES_MS = 20_000;
/** Each part's limit, ms: generous for WebKit on a busy 2-core machine (its tiled 2048² took about 40 s there). */
const LIMITS = { rerun: 4 * 60_000, tiled: 8 * 60_000, live: 2 * 60_000, fidelity: 5 * 60_000 };

declare global {
  interface Window {
    enginesResults?: Record<string, unknown>;
    benchLog: string[];
  }
}

window.benchLog ??= [];
const log = (line: string) => {
  window.benchLog.push(line);
  console.log(`[bench] ${line}`);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `run`, or an error once `ms` have passed (the run itself cannot be stopped: it may go on in the background). */
function limited<T>(what: string, ms: number, run: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms / 1000} s`)), ms)));
  return Promise.race([run(), timeout]).finally(() => clearTimeout(timer));
}

/** The element's next result, or its error as an exception. */
function settled(el: StyleTransferElement): Promise<StylizedEventDetail> {
  return new Promise((resolve, reject) => {
    el.addEventListener('stylized', ({ detail }) => resolve(detail), { once: true });
    el.addEventListener('error', ({ detail }) => reject(new Error(`the element's error (${detail.type}): ${detail.message}`)), { once: true });
  });
}

async function rerun(content: Blob) {
  const { first, rerun: again, done, threads } = await elementAt(content, 512, STYLE_URL);
  const samples: number[] = [];
  for (let i = 0; i < RERUNS; i++) samples.push(await again(i % 2 ? 0.999 : 1));
  done();
  log(`re-run 512²: ${samples.map((x) => x.toFixed(0)).join(' ')} ms (${threads}t; this page's first element ${first.toFixed(0)} ms)`);
  return { median: median(samples), samples, threads };
}

async function tiled(content: Blob) {
  const url = await squareJpeg(content, TILED_SIDE);
  const el = Object.assign(document.createElement('style-transfer'), { maxSize: TILED_SIDE, tileSize: TILE_SIZE, contentSrc: url, styleSrc: STYLE_URL });
  let tiles = 0;
  el.addEventListener('progress', ({ detail }) => detail.phase === 'tile' && (tiles = detail.total));
  const result = settled(el);
  const start = performance.now();
  document.body.append(el);
  try {
    const detail = await result;
    const ms = performance.now() - start;
    if (detail.width !== TILED_SIDE || detail.height !== TILED_SIDE) throw new Error(`the tiled run painted ${detail.width}×${detail.height}, not ${TILED_SIDE}²`);
    log(`tiled ${TILED_SIDE}²: ${(ms / 1000).toFixed(1)} s, ${tiles} tiles of ${TILE_SIZE} (transformer ${(detail.timings.transformer / 1000).toFixed(1)} s)`);
    return { ms, tiles, transformerMs: detail.timings.transformer };
  } finally {
    el.remove();
    URL.revokeObjectURL(url);
  }
}

/**
 * `live` at 256² on a canvas redrawn at 30 fps: as a captureStream video (`source: 'video'`) or as the canvas
 * itself. `fps: null` where the source gave no frames in LIVE_FIRST_FRAMES_MS (WebKitGTK under its WebDriver
 * plays no video here).
 */
async function live(photo: ImageBitmap, source: 'video' | 'canvas') {
  const canvas = Object.assign(document.createElement('canvas'), { width: LIVE_SIDE, height: LIVE_SIDE });
  const context = canvas.getContext('2d')!;
  const started = performance.now();
  const draw = () => drawDrifted(context, photo, LIVE_SIDE, performance.now() - started);
  draw();
  const timer = setInterval(draw, 1000 / 30);
  const stream = source === 'video' ? canvas.captureStream(30) : undefined;
  const el = Object.assign(document.createElement('style-transfer'), { maxSize: LIVE_SIDE, content: stream ?? canvas, styleSrc: STYLE_URL, live: true });
  const frames: FrameEventDetail[] = [];
  let failure: string | undefined;
  el.addEventListener('frame', ({ detail }) => frames.push(detail));
  el.addEventListener('error', ({ detail }) => (failure = `the element's error (${detail.type}): ${detail.message}`));
  document.body.append(el);
  try {
    for (const deadline = performance.now() + LIVE_FIRST_FRAMES_MS; frames.length < LIVE_WARM_UP_FRAMES; await sleep(50)) {
      if (failure) throw new Error(failure);
      if (performance.now() > deadline) {
        const why = `${frames.length} frame(s) in ${LIVE_FIRST_FRAMES_MS / 1000} s`;
        log(`live ${LIVE_SIDE}², ${source}: ${why}`);
        return { fps: null, frames: frames.length, why };
      }
    }
    const start = { time: performance.now(), frames: frames.length };
    await sleep(LIVE_SECONDS * 1000);
    if (failure) throw new Error(failure);
    const counted = frames.length - start.frames;
    const fps = counted / ((performance.now() - start.time) / 1000);
    const frameMs = median(frames.slice(start.frames).map((f) => f.durationMs));
    log(`live ${LIVE_SIDE}², ${source}: ${fps.toFixed(1)} fps (${counted} frames, median ${frameMs?.toFixed(0)} ms a frame)`);
    return { fps, frames: counted, frameMs };
  } finally {
    el.live = false;
    el.remove();
    stream?.getTracks().forEach((track) => track.stop());
    clearInterval(timer);
  }
}

async function fidelity() {
  const pairs = [];
  for (const [content, style] of FIDELITY_PAIRS) {
    const result = await fidelityOf(content, style);
    log(`fidelity ${content.split('/').pop()} × ${style.split('/').pop()} (${result.convolutions}): style cosine ${result.styleCosine.toFixed(5)}, mean |Δ| ${result.meanDiff.toFixed(3)}/255`);
    pairs.push({ content, style, ...result });
  }
  return { size: FIDELITY_SIZE, pairs };
}

async function main() {
  const only = new URLSearchParams(location.search).get('only')?.split(',');
  const wanted = (part: string) => !only || only.includes(part);
  const results: Record<string, unknown> = { engine: engineName(), userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency, isolated: crossOriginIsolated };
  StyleTransferElement.worker = true;
  const content = await (await fetch(CONTENT_URL)).blob();
  const part = async (name: keyof typeof LIMITS, run: () => Promise<unknown>) => {
    if (!wanted(name)) return;
    try {
      results[name] = await limited(name, LIMITS[name], run);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`${name} FAILED: ${message}`);
      results[name] = { error: message };
    }
  };
  await part('rerun', () => rerun(content));
  await part('tiled', () => tiled(content));
  await part('live', async () => {
    const photo = await createImageBitmap(content);
    return { video: await live(photo, 'video'), canvas: await live(photo, 'canvas') };
  });
  await part('fidelity', fidelity);
  return results;
}

main().then(
  (results) => (window.enginesResults = results),
  (error) => (window.enginesResults = { error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }),
);
