/**
 * Paintings' style vectors kept across visits (Cache Storage), so that a returning visitor's painting
 * needs no style network: converting and first running it is a fair share of a first result. An entry
 * is the vector's numbers, keyed by everything that made them: the style network file, the backend, how
 * the painting was seen (its square's side and fit) and a SHA-256 of the square's pixels. Only paintings
 * are kept, never a photo's own vector.
 */
import { patiently, writeInBackground } from '../internal/patiently.js';
import { sha256Hex } from '../internal/sha256.js';
import type { StyleVector } from './style-vector.js';

/** The Cache Storage cache that holds the vectors: `caches.delete(STYLE_VECTOR_CACHE)` forgets them all. */
export const STYLE_VECTOR_CACHE = 'style-transfer-style-vectors';

/**
 * Entries are keyed as requests to a reserved origin that never resolves. Its version changes whenever the
 * adapter computes vectors differently, so that vectors from an older package are never reused.
 */
const KEY_BASE = 'https://style-vectors.invalid/1/';

/**
 * The vector of a painting's `square` (as the style network takes it): the stored one, else `compute()`'s,
 * which is then stored. `identity` names what else the vector depends on (network file, backend, square);
 * a stored entry of another `length` than the network's vectors is ignored (and replaced). The cache is
 * opened on each use (cheaply), so that a page that deletes it forgets the vectors at once;
 * where the page has none (not a secure context, storage blocked) every vector is computed.
 */
export async function rememberedStyleVector(square: ImageBitmap, identity: string, length: number, compute: () => Promise<StyleVector>): Promise<StyleVector> {
  const found = await patiently(async () => {
    const store = await globalThis.caches?.open(STYLE_VECTOR_CACHE);
    const digest = store && (await pixelDigest(square));
    if (!store || !digest) return undefined;
    const key = `${KEY_BASE}${encodeURIComponent(identity)}/${digest}`;
    const bytes = await (await store.match(key))?.arrayBuffer();
    return { store, key, stored: bytes?.byteLength === length * 4 ? new Float32Array(bytes) : undefined };
  });
  if (found?.stored) return found.stored;
  const vector = await compute();
  // Written while the transformer runs, so that the write costs the run nothing.
  if (found) writeInBackground(() => found.store.put(found.key, new Response(vector.slice())));
  return vector;
}

/** A SHA-256 of a bitmap's RGBA pixels (hex); undefined where SubtleCrypto or a 2D canvas is missing. */
async function pixelDigest(bitmap: ImageBitmap): Promise<string | undefined> {
  const context = globalThis.crypto?.subtle && new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d', { willReadFrequently: true });
  if (!context) return undefined;
  context.drawImage(bitmap, 0, 0);
  return sha256Hex(context.getImageData(0, 0, bitmap.width, bitmap.height).data);
}
