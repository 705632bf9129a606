/**
 * As a page gets it: the element at 256², 384², 512² and 1024² in the worker and on the main thread,
 * with the main thread's long tasks (> 50 ms, which freeze scrolling and typing) meanwhile; and a new
 * painting at 384² through each Stylizer (decode + style network + transformer + crossing).
 */
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { WorkerStylizer } from '../src/engine/worker-stylizer.js';
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';

export const ELEMENT_SIZES = [256, 384, 512, 1024];
const RUNS = 5;
/**
 * Untimed runs before the timed ones. After a size change (or a first run) each thread's runs stay slow for
 * about three runs (measured: 384² new-painting runs after a 1024² run took 350–550 ms, then 230), so one
 * warm-up left a thread's median inside that stretch.
 */
const SETTLE_RUNS = 3;
const threads = ['worker', 'main'] as const;
type Thread = (typeof threads)[number];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stylized = (el: HTMLElement) => new Promise<CustomEvent>((resolve) => el.addEventListener('stylized', (e) => resolve(e as CustomEvent), { once: true }));

export async function squareJpeg(source: Blob, n: number): Promise<string> {
  const canvas = new OffscreenCanvas(n, n);
  canvas.getContext('2d')!.drawImage(await createImageBitmap(source), 0, 0, n, n);
  return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 }));
}

/** An element stylizing `content` at n², after its first result (models loaded, photo decoded, style vectors made). */
export async function elementAt(content: Blob, n: number, styleUrl: string) {
  const url = await squareJpeg(content, n);
  const el = Object.assign(document.createElement('style-transfer'), { maxSize: n, contentSrc: url, styleSrc: styleUrl });
  const start = performance.now();
  document.body.append(el);
  const { detail } = await stylized(el);
  const first = performance.now() - start;
  const rerun = async (strength: number) => {
    const t0 = performance.now();
    el.strength = strength; // a new strength: the transformer runs again
    await stylized(el);
    return performance.now() - t0;
  };
  // The first makes the photo's own style vector, once.
  for (let i = 0; i < SETTLE_RUNS; i++) await rerun(i % 2 ? 1 : 0.999);
  const done = () => (el.remove(), URL.revokeObjectURL(url));
  return { first, rerun, done, threads: detail.threads as number };
}

export interface ElementRow {
  first: number;
  median: number;
  longTasks: number;
  longestTask: number;
  threads: number;
}

export async function elementRuns(content: Blob, styleUrl: string, log: (line: string) => void) {
  const longTasks: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  const results = { worker: {}, main: {} } as Record<Thread, Record<number, ElementRow>>;
  // Each side's wasm heap grows once to what the largest size needs: do that before timing anything.
  for (const thread of threads) {
    StyleTransferElement.worker = thread === 'worker';
    (await elementAt(content, ELEMENT_SIZES.at(-1)!, styleUrl)).done();
  }
  for (const n of ELEMENT_SIZES) {
    for (const thread of threads) {
      StyleTransferElement.worker = thread === 'worker';
      const { first, rerun, done, threads: computing } = await elementAt(content, n, styleUrl);
      const since = performance.now();
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await rerun(i % 2 ? 0.999 : 1));
      longTasks.push(...observer.takeRecords());
      const tasks = longTasks.filter((t) => t.startTime >= since).map((t) => t.duration);
      results[thread][n] = { first, median: median(samples), longTasks: tasks.length, longestTask: Math.max(0, ...tasks), threads: computing };
      log(`element ${thread} ${n}²: first ${first.toFixed(0)} ms, re-runs ${samples.map((x) => x.toFixed(0)).join(' ')} ms, ${tasks.length} long tasks (longest ${Math.max(0, ...tasks).toFixed(0)} ms)`);
      done();
    }
  }
  observer.disconnect();
  StyleTransferElement.worker = true;
  return results;
}

/** `painting` with a small square of a colour of its own for each index: other pixels, so no cache or store knows it. */
async function markedCopies(painting: Blob, count: number): Promise<Blob[]> {
  const bitmap = await createImageBitmap(painting);
  const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      context.drawImage(bitmap, 0, 0);
      context.fillStyle = `hsl(${(i * 360) / count} 80% 50%)`;
      context.fillRect(bitmap.width / 2 - 16, bitmap.height / 2 - 16, 32, 32);
      return context.canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
    }),
  );
}

/**
 * A new painting each run (its own pixels, so no cache helps, nor the stored vectors) on a 384² photo: the
 * whole pipeline. Once the Stylizers have settled, each call times one run in the worker, then one on the
 * main thread, taking turns so that a noisy neighbour on a shared machine slows both alike.
 */
export async function newPaintingRound(content384: ImageBitmap, painting: Blob, rounds: number): Promise<() => Promise<Record<Thread, number>>> {
  const stylizers = { worker: new WorkerStylizer({ backend: 'wasm' }), main: new InThreadStylizer({ backend: 'wasm' }) };
  const paintings = await markedCopies(painting, 2 * (SETTLE_RUNS + rounds));
  const run = (thread: Thread) => stylizers[thread].stylize({ content: content384, maxSize: 384, styles: [{ src: paintings.pop()! }] });
  for (let i = 0; i < 2 * SETTLE_RUNS; i++) await run(threads[i % 2]);
  return async () => {
    const sample = { worker: 0, main: 0 };
    for (const thread of threads) {
      const t0 = performance.now();
      await run(thread);
      sample[thread] = performance.now() - t0;
    }
    return sample;
  };
}
