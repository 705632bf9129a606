/**
 * Turns whatever a page author gives us (a URL, a Blob, an <img>, a canvas,
 * an ImageBitmap) into a decoded ImageBitmap, with errors a person understands.
 */
import { DownloadError, fetchBounded, shownUrl } from '../internal/bounded-fetch.js';
import { type EngineErrorType, StyleTransferError } from '../internal/errors.js';
import { decodeHere, decodesOnPageThread, encodedImage } from './encoded-image.js';

export type ImageInput = string | URL | Blob | ImageBitmapSource;

/** The smallest side the transformer's 9×9 mirror-padded first convolution can take. */
export const MIN_IMAGE_SIDE = 16;

export interface LoadImageOptions {
  /** The error type to report failures under (`content-load` or `style-load`). */
  errorType: EngineErrorType;
  /** Scale down so the longest side is at most this many pixels. */
  maxSide?: number;
  signal?: AbortSignal;
  /** Milliseconds a download may go without a byte before it is given up (default 30 s). */
  stallTimeout?: number;
  /** The smallest side accepted (default MIN_IMAGE_SIDE, what the networks can take; a mask may be smaller). */
  minSide?: number;
}

export async function loadImage(input: ImageInput, options: LoadImageOptions): Promise<ImageBitmap> {
  requireOpen(input, options.errorType);
  const source = typeof input === 'string' || input instanceof URL ? await fetchImage(String(input), options) : input;
  const what = typeof input === 'string' || input instanceof URL ? `"${shownUrl(String(input))}"` : 'the image';
  const encoded = source instanceof Blob ? await encodedImage(source) : undefined;
  if (encoded?.cutOff) {
    throw new StyleTransferError(options.errorType, `${what} is cut off: the ${encoded.format} file ends before its picture does (an interrupted download, or a file not completely written?)`);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = encoded && decodesOnPageThread() ? await decodeHere(encoded, source as Blob) : await createImageBitmap(source);
  } catch (error) {
    if (source instanceof Blob && source.type.startsWith('video/')) {
      throw new StyleTransferError(options.errorType, `${what} is a video: add the live attribute to stylize it frame by frame`, { cause: error });
    }
    if (source instanceof Blob && source.type.startsWith('text/html')) {
      // Single-page-app servers (Vite's dev server among them) answer a missing file with their index page.
      throw new StyleTransferError(options.errorType, `${what} is an HTML page, not an image: is the path right? (some servers answer a missing file with a page)`, {
        cause: error,
      });
    }
    throw new StyleTransferError(options.errorType, `${what} could not be decoded as an image (is it a JPEG, PNG, WebP or GIF?)`, {
      cause: error,
    });
  }
  if (!readable(bitmap)) {
    bitmap.close();
    throw new StyleTransferError(options.errorType, `${what} is cross-origin and not served with CORS, so its pixels cannot be read`);
  }
  const minSide = options.minSide ?? MIN_IMAGE_SIDE;
  if (Math.min(bitmap.width, bitmap.height) < minSide) {
    bitmap.close();
    throw new StyleTransferError(options.errorType, `${what} is too small: each side needs at least ${minSide} pixels`);
  }
  return fitWithin(bitmap, options.maxSide);
}

/**
 * A closed ImageBitmap has no pixels left (its width and height read 0): say so, not that it could not be read.
 * Likewise a `<video>` of a stopped camera.
 */
export function requireOpen(input: ImageInput, errorType: EngineErrorType): void {
  if (typeof ImageBitmap !== 'undefined' && input instanceof ImageBitmap && input.width === 0) {
    throw new StyleTransferError(errorType, 'the ImageBitmap is closed (close() was called on it): give one that is still open');
  }
  requireLiveTrack(input, errorType);
}

/** `url` resolved against the page (or worker), or undefined if it is not a URL (`URL.parse` is too new to rely on). */
export function parseUrl(url: string | URL): URL | undefined {
  try {
    return new URL(url, globalThis.location?.href);
  } catch {
    return undefined;
  }
}

/** The schemes an image can be fetched from; others (javascript:, ftp:, file:) never work in a page. */
const FETCHABLE = ['http:', 'https:', 'blob:', 'data:'];

/** Whether the page may read the bitmap's pixels: one from a cross-origin `<img>` without CORS is tainted. */
function readable(bitmap: ImageBitmap): boolean {
  // Safari before 16.4 has no OffscreenCanvas (and no worker path): a page canvas then.
  const canvas = typeof OffscreenCanvas === 'undefined' ? Object.assign(document.createElement('canvas'), { width: 1, height: 1 }) : new OffscreenCanvas(1, 1);
  const context = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  context.drawImage(bitmap, 0, 0, 1, 1);
  try {
    context.getImageData(0, 0, 1, 1);
    return true;
  } catch {
    return false;
  }
}

async function fetchImage(url: string, { errorType, signal, stallTimeout }: LoadImageOptions): Promise<Blob> {
  const protocol = parseUrl(url)?.protocol;
  if (!protocol) throw new StyleTransferError(errorType, `"${url}" is not a valid URL`);
  if (!FETCHABLE.includes(protocol)) {
    throw new StyleTransferError(errorType, `"${url}" cannot be fetched: give an http(s), blob: or data: URL, not ${protocol}`);
  }
  try {
    const { response, bytes } = await fetchBounded(url, { signal, stallTimeout });
    return new Blob([bytes], { type: response.headers.get('content-type') ?? '' });
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error;
    // blob: and data: URLs never touch the network: only a Content-Security-Policy can stop them.
    const local = error.kind === 'network' && (protocol === 'blob:' || protocol === 'data:');
    const why = local ? `the page's Content-Security-Policy does not allow ${protocol} in connect-src (or the blob: URL was revoked)` : error.why;
    throw new StyleTransferError(errorType, `"${shownUrl(url)}" could not be ${error.kind === 'network' ? 'fetched' : 'loaded'}: ${why}`, { cause: error });
  }
}

async function fitWithin(bitmap: ImageBitmap, maxSide = Infinity): Promise<ImageBitmap> {
  const scale = maxSide / Math.max(bitmap.width, bitmap.height);
  if (scale >= 1) return bitmap;
  const resized = await createImageBitmap(bitmap, {
    resizeWidth: Math.max(1, Math.round(bitmap.width * scale)),
    resizeHeight: Math.max(1, Math.round(bitmap.height * scale)),
    resizeQuality: 'high',
  });
  bitmap.close();
  return resized;
}

/** How a painting becomes the style network's square: its central square (`cover`, as trained) or all of it squeezed (`fill`). */
export type StyleFit = 'cover' | 'fill';

/** `bitmap` as a `size`² square for the style network. */
export function styleSquare(bitmap: ImageBitmap, size: number, fit: StyleFit = 'cover'): Promise<ImageBitmap> {
  if (fit === 'fill') return createImageBitmap(bitmap, { resizeWidth: size, resizeHeight: size, resizeQuality: 'high' });
  return centralSquare(bitmap, size);
}

/** The central square of `bitmap`, resized to `size`² (how the style network was trained). */
export function centralSquare(bitmap: ImageBitmap, size: number): Promise<ImageBitmap> {
  const side = Math.min(bitmap.width, bitmap.height);
  const x = Math.floor((bitmap.width - side) / 2);
  const y = Math.floor((bitmap.height - side) / 2);
  return createImageBitmap(bitmap, x, y, side, side, { resizeWidth: size, resizeHeight: size, resizeQuality: 'high' });
}

/** Blobs and ImageBitmaps' keys, by identity. */
const objectKeys = new WeakMap<object, string>();
let nextObjectKey = 0;

/**
 * A cache key for an image source: URLs by their text, Blobs and ImageBitmaps (which cannot
 * change) by identity. Undefined for sources whose pixels can change (img, canvas, video):
 * those are read afresh on every run.
 */
export function sourceKey(src: ImageInput): string | undefined {
  if (typeof src === 'string' || src instanceof URL) return `url:${src}`;
  const known = objectKeys.get(src);
  if (known !== undefined) return known;
  if (!(src instanceof Blob || src instanceof ImageBitmap)) return undefined;
  const key = `object:${nextObjectKey++}`;
  objectKeys.set(src, key);
  return key;
}

export function isMediaStream(source: unknown): source is MediaStream {
  return typeof MediaStream !== 'undefined' && source instanceof MediaStream;
}

/**
 * Throws where `source` is a MediaStream, or a `<video>` showing one, whose video tracks have all ended (a stopped
 * camera): there is no picture to take. Said here because the engines disagree on what such a video shows (WebKit
 * a 0×0 picture, Chromium and Firefox the last frame, for ever).
 */
export function requireLiveTrack(source: unknown, errorType: EngineErrorType = 'content-load'): void {
  const video = typeof HTMLVideoElement !== 'undefined' && source instanceof HTMLVideoElement;
  const stream = isMediaStream(source) ? source : video && isMediaStream(source.srcObject) ? source.srcObject : undefined;
  if (stream && !stream.getVideoTracks().some((track) => track.readyState === 'live')) {
    throw new StyleTransferError(errorType, `${video ? "the <video>'s MediaStream" : 'the MediaStream'} has no live video track (has the camera been stopped?)`);
  }
}
