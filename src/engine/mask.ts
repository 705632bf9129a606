/**
 * Regions: a mask says where the stylized picture shows and where the photo stays. White (or opaque) takes the
 * stylized result, black (or transparent) keeps the photo, grey blends. Only compositing: the networks' result
 * is the same with or without a mask.
 */
import { StyleTransferError } from '../internal/errors.js';
import { type ImageInput, loadImage, sourceKey } from './image-source.js';
import type { SourceKeys } from './protocol.js';
import type { CheckedRequest } from './request-fields.js';
import type { StylizeResult } from './types.js';

export interface MaskSettings {
  /** Width in output pixels of the soft band along the mask's edges. */
  feather: number;
  /** Stylize where the mask is black instead. */
  invert: boolean;
  signal?: AbortSignal;
  stallTimeout?: number;
}

/**
 * The mask as one weight per output pixel, 0 (photo) to 1 (stylized): scaled to the output whatever its size or
 * aspect, read by alpha where it has any transparency, else by luminance.
 */
export async function maskWeights(mask: ImageInput, width: number, height: number, settings: MaskSettings): Promise<Float32Array> {
  const bitmap = await loadImage(mask, { errorType: 'content-load', signal: settings.signal, stallTimeout: settings.stallTimeout, minSide: 1 }).catch((error: unknown) => {
    // The photo's errors are content-load too: say which image it was.
    throw error instanceof StyleTransferError ? new StyleTransferError(error.type, `the mask: ${error.message}`, { cause: error.cause }) : error;
  });
  const rgba = imageDataOf(bitmap, width, height).data;
  bitmap.close();
  const weights = new Float32Array(width * height);
  let transparent = false;
  for (let i = 3; i < rgba.length && !transparent; i += 4) transparent = rgba[i] < 255;
  for (let p = 0, i = 0; p < weights.length; p++, i += 4) {
    weights[p] = transparent ? rgba[i + 3] / 255 : (0.2126 * rgba[i] + 0.7152 * rgba[i + 1] + 0.0722 * rgba[i + 2]) / 255;
  }
  if (settings.feather > 0) feather(weights, width, height, settings.feather);
  if (settings.invert) for (let p = 0; p < weights.length; p++) weights[p] = 1 - weights[p];
  return weights;
}

/** `stylized` where the weights say so, `photo` elsewhere: a new picture, both inputs untouched. */
export function composite(photo: ImageData, stylized: ImageData, weights: Float32Array): ImageData {
  if (photo.width !== stylized.width || photo.height !== stylized.height) {
    throw new StyleTransferError('inference', `the photo (${photo.width}×${photo.height}) and the result (${stylized.width}×${stylized.height}) differ in size`);
  }
  const out = new ImageData(stylized.width, stylized.height);
  const [a, b, o] = [photo.data, stylized.data, out.data];
  for (let p = 0, i = 0; p < weights.length; p++, i += 4) {
    const w = weights[p];
    o[i] = a[i] + (b[i] - a[i]) * w;
    o[i + 1] = a[i + 1] + (b[i + 1] - a[i + 1]) * w;
    o[i + 2] = a[i + 2] + (b[i + 2] - a[i + 2]) * w;
    o[i + 3] = 255;
  }
  return out;
}

/** An image's pixels at `width`×`height` (scaled smoothly). */
export function imageDataOf(image: CanvasImageSource, width: number, height: number): ImageData {
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true })!;
  context.imageSmoothingQuality = 'high';
  context.drawImage(image, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}

/**
 * Softens the edges over about `width` pixels: three box blurs along each axis, close to a Gaussian, in
 * time independent of the width (running sums). Edges repeat the border pixel.
 */
function feather(weights: Float32Array, width: number, height: number, band: number): void {
  // Three passes of radius r spread an edge over about 4·√(r(r+1)) pixels.
  const radius = Math.max(1, Math.round((band - 2) / 4));
  const line = new Float32Array(Math.max(width, height));
  const blurLines = (count: number, length: number, index: (line: number, i: number) => number) => {
    for (let l = 0; l < count; l++) {
      for (let pass = 0; pass < 3; pass++) {
        for (let i = 0; i < length; i++) line[i] = weights[index(l, i)];
        const at = (i: number) => line[Math.min(length - 1, Math.max(0, i))];
        let sum = 0;
        for (let i = -radius; i <= radius; i++) sum += at(i);
        for (let i = 0; i < length; i++) {
          weights[index(l, i)] = sum / (2 * radius + 1);
          sum += at(i + radius + 1) - at(i - radius);
        }
      }
    }
  };
  blurLines(height, width, (row, x) => row * width + x);
  blurLines(width, height, (column, y) => y * width + column);
}

/** A run's unmasked result and the photo under it, kept so that a new mask only composites again. */
export interface Unmasked {
  result: StylizeResult;
  photo: ImageData;
}

/**
 * Per Stylizer: the last run's unmasked result (for requests that differ from it only in their mask), and the last
 * mask's weights (a live loop's mask stays the same frame after frame).
 */
export class Regions {
  private last?: { key: string; mask: string | undefined } & Unmasked;
  private lastMask?: { key: string; weights: Float32Array };
  /** Whether a request with a mask came: until then nothing is kept, so pages without masks pay nothing. */
  private inUse = false;

  /** Whether a run needs its photo: for its own mask, or, once masks are in use, to keep for a later one. */
  wanted(request: CheckedRequest, key: string | undefined): boolean {
    this.inUse ||= request.mask !== undefined;
    return request.mask !== undefined || (this.inUse && key !== undefined);
  }

  /**
   * The last run's unmasked result, where `request` differs from the last request served only in its mask (a
   * request the same in everything runs again, as it always has); it is then the last request served.
   */
  reuse(key: string | undefined, request: CheckedRequest): Unmasked | undefined {
    if (key === undefined || this.last?.key !== key) return undefined;
    const mask = maskIdentity(request);
    if (mask !== undefined && mask === this.last.mask) return undefined;
    this.last.mask = mask;
    return this.last;
  }

  /** Keeps a run's result (a copy: the one returned may be transferred) under its key; undefined keeps nothing. */
  remember(key: string | undefined, unmasked: Unmasked, request: CheckedRequest): void {
    const { image } = unmasked.result;
    const result = { ...unmasked.result, image: new ImageData(image.data.slice(), image.width, image.height) };
    this.last = key === undefined ? undefined : { key, mask: maskIdentity(request), photo: unmasked.photo, result };
  }

  /** The result as the request wants it: the unmasked picture (a copy), or the photo and it composited by the mask. */
  async masked({ result, photo }: Unmasked, request: CheckedRequest, options: { signal?: AbortSignal; stallTimeout?: number }): Promise<StylizeResult> {
    const { image } = result;
    if (!request.mask) return { ...result, image: new ImageData(image.data.slice(), image.width, image.height) };
    const settings = { feather: request.maskFeather, invert: request.maskInvert, ...options };
    const key = sourceKey(request.mask);
    const maskKey = key && `${key} ${image.width}×${image.height} ${settings.feather} ${settings.invert}`;
    const weights =
      maskKey !== undefined && this.lastMask?.key === maskKey ? this.lastMask.weights : await maskWeights(request.mask, image.width, image.height, settings);
    this.lastMask = maskKey === undefined ? undefined : { key: maskKey, weights };
    return { ...result, image: composite(photo, image, weights) };
  }

  clear(): void {
    this.last = this.lastMask = undefined;
  }
}

/** The mask and its settings as text: "none" without one, undefined for a mask that can change (a canvas). */
function maskIdentity({ mask, maskFeather, maskInvert }: CheckedRequest): string | undefined {
  if (mask === undefined) return 'none';
  const key = sourceKey(mask);
  return key && `${key} ${maskFeather} ${maskInvert}`;
}

/**
 * What a request's result depends on besides its mask, as text; undefined where an image can change between
 * runs (a canvas, a video) and nothing may be reused.
 */
export function unmaskedKey(request: CheckedRequest, keys: SourceKeys): string | undefined {
  if (keys.content === undefined || request.styles.some((style, i) => !style.vector && keys.styles[i] === undefined)) return undefined;
  const { content, styles, mask, maskFeather, maskInvert, ...settings } = request;
  const looks = styles.map((style, i) => [style.weight ?? 1, style.vector ? Array.from(style.vector) : keys.styles[i]]);
  return JSON.stringify([keys.content, looks, settings]);
}
