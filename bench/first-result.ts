/**
 * A fresh page's first result at 512² (run-bench.mjs loads it twice: the second time the model and
 * wasm bytes come from the HTTP cache, as for a returning visitor). Lands in `window.firstResult`.
 */
import '../src/index.js';

declare global {
  interface Window {
    firstResult?: { ms: number; sinceNavigation: number; thread: string; threads: number; timings: Record<string, number> } | { error: string };
  }
}

const SIZE = 512;

async function squarePhoto(): Promise<string> {
  const photo = await createImageBitmap(await (await fetch('/images/content/chicago.jpg')).blob());
  const canvas = new OffscreenCanvas(SIZE, SIZE);
  canvas.getContext('2d')!.drawImage(photo, 0, 0, SIZE, SIZE);
  return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 }));
}

const el = Object.assign(document.createElement('style-transfer'), { maxSize: SIZE, contentSrc: await squarePhoto(), styleSrc: '/images/style/udnie.jpg' });
const start = performance.now();
el.addEventListener('stylized', ({ detail }) => {
  window.firstResult = { ms: performance.now() - start, sinceNavigation: performance.now(), thread: detail.thread, threads: detail.threads, timings: { ...detail.timings } };
});
el.addEventListener('error', ({ detail }) => (window.firstResult = { error: `${detail.type}: ${detail.message}` }));
document.body.append(el);
