/** Style vectors: the 100 numbers the style network makes from a painting. */
import { StyleTransferError } from '../internal/errors.js';
import { floatToHalf, halfToFloat } from '../internal/float16.js';

export type StyleVector = Float32Array;

export interface WeightedStyle {
  vector: StyleVector;
  weight: number;
}

/**
 * The weighted mean of style vectors (weights need not sum to 1; they are
 * normalised). Blending a painting's vector with the content's own vector is
 * how `strength` works: `strength · style + (1 − strength) · content`.
 */
export function blendStyleVectors(styles: WeightedStyle[]): StyleVector {
  const total = styles.reduce((sum, s) => sum + s.weight, 0);
  if (!styles.length || !(total > 0 && Number.isFinite(total)) || styles.some((s) => !(s.weight >= 0))) {
    throw new StyleTransferError('invalid-request', 'blending needs finite style weights of 0 or more, at least one of them positive');
  }
  styles.forEach(({ vector }, index) => requireUsable(vector, `style vector ${index + 1}`));
  const out = new Float32Array(styles[0].vector.length);
  for (const { vector, weight } of styles) {
    if (vector.length !== out.length) {
      throw new StyleTransferError('invalid-request', `style vectors of different lengths (${vector.length} and ${out.length}) cannot be blended`);
    }
    // Weights are normalised first: a huge weight times a value would overflow.
    const share = weight / total;
    for (let i = 0; i < out.length; i++) out[i] += vector[i] * share;
  }
  return out;
}

/**
 * The largest magnitude a style vector's number may have. The style network's are a few units; far beyond, the
 * transformer's normalisation saturates and paints a flat picture.
 */
export const MAX_STYLE_VALUE = 1000;

/** A vector holding NaN, an infinity or an absurd number would paint a flat or black picture: it is refused, naming where. */
export function requireUsable(vector: ArrayLike<number>, what: string, limit = MAX_STYLE_VALUE): void {
  const range = limit === Infinity ? 'finite numbers' : `finite numbers from -${limit} to ${limit}`;
  for (let i = 0; i < vector.length; i++) {
    if (!(Number.isFinite(vector[i]) && Math.abs(vector[i]) <= limit)) throw new StyleTransferError('invalid-request', `${what} holds ${vector[i]} at index ${i}: style vectors need ${range}`);
  }
}

export function withStrength(style: StyleVector, content: StyleVector, strength: number): StyleVector {
  if (strength >= 1) return style;
  return blendStyleVectors([
    { vector: style, weight: strength },
    { vector: content, weight: 1 - strength },
  ]);
}

/**
 * A style vector as short text, to share a look or keep a preset: base64url of its numbers as
 * little-endian float16 (267 characters for 100 numbers; half precision changes a picture by
 * well under one 8-bit level).
 */
export function styleVectorToText(vector: StyleVector): string {
  const halves = new DataView(new ArrayBuffer(vector.length * 2));
  vector.forEach((value, i) => halves.setUint16(i * 2, floatToHalf(value), true));
  const binary = String.fromCharCode(...new Uint8Array(halves.buffer));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The vector a `styleVectorToText` string stands for; throws `invalid-request` for anything else. */
export function styleVectorFromText(text: string): StyleVector {
  const invalid = () => new StyleTransferError('invalid-request', `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}" is not a style vector in text form`);
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw invalid();
  let binary: string;
  try {
    binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    throw invalid();
  }
  if (binary.length % 2) throw invalid();
  const halves = new DataView(Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer);
  const vector = Float32Array.from({ length: binary.length / 2 }, (_, i) => halfToFloat(halves.getUint16(i * 2, true)));
  requireUsable(vector, 'the style vector text', Infinity); // its range is checked where it is used
  return vector;
}
