/** Style vectors: the 100 numbers the style network makes from a painting. */
import { StyleTransferError } from '../internal/errors.js';

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
  if (!styles.length || !(total > 0) || styles.some((s) => !(s.weight >= 0))) {
    throw new StyleTransferError('invalid-request', 'blending needs style weights of 0 or more, at least one of them positive');
  }
  const out = new Float32Array(styles[0].vector.length);
  for (const { vector, weight } of styles) {
    if (vector.length !== out.length) {
      throw new StyleTransferError('invalid-request', `style vectors of different lengths (${vector.length} and ${out.length}) cannot be blended`);
    }
    for (let i = 0; i < out.length; i++) out[i] += (vector[i] * weight) / total;
  }
  return out;
}

export function withStrength(style: StyleVector, content: StyleVector, strength: number): StyleVector {
  if (strength >= 1) return style;
  return blendStyleVectors([
    { vector: style, weight: strength },
    { vector: content, weight: 1 - strength },
  ]);
}
