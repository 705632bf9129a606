/**
 * Through the element, as a page gets it: the worker against the main thread at 256², 512² and
 * 1024², and the main thread's long tasks (> 50 ms, which freeze scrolling and typing) meanwhile.
 */
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';

const SIZES = [256, 512, 1024];
const RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stylized = (el: HTMLElement) => new Promise<void>((resolve) => el.addEventListener('stylized', () => resolve(), { once: true }));

async function squareJpeg(source: Blob, n: number): Promise<string> {
  const canvas = new OffscreenCanvas(n, n);
  canvas.getContext('2d')!.drawImage(await createImageBitmap(source), 0, 0, n, n);
  return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 }));
}

/** An element stylizing `content` at n², after its first result (models loaded, photo decoded, style vectors made). */
async function elementAt(content: Blob, n: number, styleUrl: string) {
  const url = await squareJpeg(content, n);
  const el = Object.assign(document.createElement('style-transfer'), { maxSize: n, contentSrc: url, styleSrc: styleUrl });
  const start = performance.now();
  document.body.append(el);
  await stylized(el);
  const first = performance.now() - start;
  const rerun = async (strength: number) => {
    const t0 = performance.now();
    el.strength = strength; // a new strength: the transformer runs again
    await stylized(el);
    return performance.now() - t0;
  };
  await rerun(0.999); // makes the photo's own style vector, once
  const done = () => (el.remove(), URL.revokeObjectURL(url));
  return { first, rerun, done };
}

export async function elementRuns(content: Blob, styleUrl: string, log: (line: string) => void) {
  const longTasks: PerformanceEntry[] = [];
  new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask' });
  const threads = ['worker', 'main'] as const;
  type Row = { first: number; median: number; longTasks: number; longestTask: number };
  const results = Object.fromEntries(threads.map((t) => [t, {} as Record<number, Row>])) as Record<(typeof threads)[number], Record<number, Row>>;
  // Each side's wasm heap grows once to what the largest size needs: do that before timing anything.
  for (const thread of threads) {
    StyleTransferElement.worker = thread === 'worker';
    (await elementAt(content, SIZES.at(-1)!, styleUrl)).done();
  }
  for (const n of SIZES) {
    for (const thread of threads) {
      StyleTransferElement.worker = thread === 'worker';
      const { first, rerun, done } = await elementAt(content, n, styleUrl);
      const since = performance.now();
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await rerun(i % 2 ? 0.999 : 1));
      await new Promise((resolve) => setTimeout(resolve, 100)); // let the observer deliver
      const tasks = longTasks.filter((t) => t.startTime >= since).map((t) => t.duration);
      results[thread][n] = { first, median: median(samples), longTasks: tasks.length, longestTask: Math.max(0, ...tasks) };
      log(`element ${thread} ${n}²: first ${first.toFixed(0)} ms, re-runs ${samples.map((x) => x.toFixed(0)).join(' ')} ms, ${tasks.length} long tasks (longest ${Math.max(0, ...tasks).toFixed(0)} ms)`);
      done();
    }
  }
  StyleTransferElement.worker = true;
  return results;
}
