/** Test helpers: the shared real images, and pixel statistics. */
import { loadImage } from '../../src/engine/image-source.js';

export const contentImages = ['chicago.jpg', 'golden_gate.jpg', 'statue_of_liberty.jpg', 'beach.jpg'].map((f) => `/images/content/${f}`);
export const styleImages = ['udnie.jpg', 'seaport.jpg', 'stripes.jpg', 'sketch.jpg'].map((f) => `/images/style/${f}`);

export const MODEL_BASE = '/models/files/';

export function bitmapOf(url: string): Promise<ImageBitmap> {
  return loadImage(url, { errorType: 'content-load' });
}

/** A bitmap's RGB values in [0, 1] as a [1, h, w, 3] float array (the models' input layout). */
export function rgbFloats(bitmap: ImageBitmap): { data: Float32Array; shape: number[] } {
  const { width, height } = bitmap;
  const rgba = rgbaBytes(bitmap);
  const data = new Float32Array(width * height * 3);
  for (let p = 0, q = 0; q < rgba.length; p += 3, q += 4) {
    data[p] = rgba[q] / 255;
    data[p + 1] = rgba[q + 1] / 255;
    data[p + 2] = rgba[q + 2] / 255;
  }
  return { data, shape: [1, height, width, 3] };
}

export function rgbaBytes(image: ImageBitmap | HTMLCanvasElement): Uint8ClampedArray {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(image, 0, 0);
  return context.getImageData(0, 0, image.width, image.height).data;
}

/** Mean absolute difference of two RGBA buffers over the RGB channels, in 8-bit levels. */
export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, stride = 4): number {
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} vs ${b.length}`);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    if (stride === 4 && i % 4 === 3) continue;
    sum += Math.abs(a[i] - b[i]);
    count++;
  }
  return sum / count;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}
