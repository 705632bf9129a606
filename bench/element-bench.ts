/**
 * Through the element, as a page gets it: the worker against the main thread at 256², 512² and
 * 1024², and the main thread's long tasks (> 50 ms, which freeze scrolling and typing) meanwhile.
 */
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';

const SIZES = [256, 512, 1024];
const RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stylized = (el: HTMLElement) => new Promise<void>((resolve) => el.addEventListener('stylized', () => resolve(), { once: true }));

async function squareJpeg(source: Blob, n: number): Promise<string> {
  const canvas = new OffscreenCanvas(n, n);
  canvas.getContext('2d')!.drawImage(await createImageBitmap(source), 0, 0, n, n);
  return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 }));
}

export async function elementRuns(content: Blob, styleUrl: string, log: (line: string) => void) {
  const longTasks: PerformanceEntry[] = [];
  new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask' });
  const results: Record<string, Record<number, { first: number; median: number; longTasks: number; longestTask: number }>> = {};
  for (const thread of ['worker', 'main'] as const) {
    StyleTransferElement.worker = thread === 'worker';
    results[thread] = {};
    for (const n of SIZES) {
      const url = await squareJpeg(content, n);
      const el = Object.assign(document.createElement('style-transfer'), { maxSize: n, contentSrc: url, styleSrc: styleUrl });
      const start = performance.now();
      document.body.append(el);
      await stylized(el); // models loaded, photo decoded, style vectors made
      const first = performance.now() - start;
      const since = performance.now();
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        el.strength = i % 2 ? 1 : 0.999; // a new strength: the transformer runs again
        await stylized(el);
        samples.push(performance.now() - t0);
      }
      await new Promise((resolve) => setTimeout(resolve, 100)); // let the observer deliver
      const tasks = longTasks.filter((t) => t.startTime >= since).map((t) => t.duration);
      results[thread][n] = { first, median: median(samples), longTasks: tasks.length, longestTask: Math.max(0, ...tasks) };
      log(`element ${thread} ${n}²: first ${first.toFixed(0)} ms, re-run median ${median(samples).toFixed(0)} ms, ${tasks.length} long tasks (longest ${Math.max(0, ...tasks).toFixed(0)} ms)`);
      el.remove();
      URL.revokeObjectURL(url);
    }
  }
  StyleTransferElement.worker = true;
  return results;
}
