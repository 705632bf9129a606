/**
 * Remembers the latest decoded content image and the style vectors of the
 * latest content and style sources, so that changing only `strength` (or only
 * one image) re-runs only what depends on it.
 */
import { type ImageInput, loadImage } from './image-source.js';
import type { StyleTransferEngine } from './style-transfer-engine.js';
import type { StyleVector } from './style-vector.js';

class LatestOne<T> {
  private key?: string;
  private value?: Promise<T>;

  get(key: string, make: () => Promise<T>, release?: (value: T) => void): Promise<T> {
    if (this.key !== key || !this.value) {
      const previous = this.value;
      this.key = key;
      this.value = make();
      // A failed load must not be remembered: the next run tries again.
      this.value.catch(() => this.key === key && this.clear());
      if (release) previous?.then(release, () => {});
    }
    return this.value;
  }

  clear(): void {
    this.key = undefined;
    this.value = undefined;
  }
}

export class SourceCache {
  private readonly contentImage = new LatestOne<ImageBitmap>();
  private readonly contentVector = new LatestOne<StyleVector>();
  private readonly styleVector = new LatestOne<StyleVector>();

  /** The content image, scaled so its longest side is at most `maxSide`. */
  content(src: ImageInput, maxSide: number): Promise<ImageBitmap> {
    return this.contentImage.get(`${keyOf(src)} ${maxSide}`, () => loadImage(src, { errorType: 'content-load', maxSide }), (b) => b.close());
  }

  /** The content's own style vector (what `strength` blends towards). */
  contentStyle(engine: StyleTransferEngine, src: ImageInput, content: ImageBitmap): Promise<StyleVector> {
    return this.contentVector.get(`${engine.modelSet.id} ${keyOf(src)}`, () => engine.styleVector(content));
  }

  style(engine: StyleTransferEngine, src: ImageInput): Promise<StyleVector> {
    return this.styleVector.get(`${engine.modelSet.id} ${keyOf(src)}`, async () => {
      const image = await loadImage(src, { errorType: 'style-load' });
      try {
        return await engine.styleVector(image);
      } finally {
        image.close();
      }
    });
  }
}

const objectKeys = new WeakMap<object, string>();
let nextObjectKey = 0;

/** URLs key by their text; Blobs and elements by identity. */
function keyOf(src: ImageInput): string {
  if (typeof src === 'string' || src instanceof URL) return `url:${src}`;
  let key = objectKeys.get(src);
  if (!key) objectKeys.set(src, (key = `object:${nextObjectKey++}`));
  return key;
}
