/**
 * Our TF-Lite → GraphModel port against the official TF-Lite runtime (@tensorflow/tfjs-tflite, see
 * test/reference/) in the engine it runs in: the fidelity test asserts on it in each engine, and the per-engine
 * bench (bench/engines-bench.ts) reports it.
 */
import { centralSquare } from '../../src/engine/image-source.js';
import { Networks } from '../../src/engine/networks.js';
import { MODEL_SETS } from '../../src/models/model-sets.js';
import { convolutionThreads } from '../../src/models/tflite/direct-conv.js';
import { runOfficialTflite } from '../reference/tflite-reference.js';
import { bitmapOf, contentImages, cosine, MODEL_BASE, rgbFloats, styleImages } from './images.js';

/** The photo side the two are compared at (the official runtime runs the 384² transformer file as it is). */
export const FIDELITY_SIZE = 384;

/** The photo × painting pairs compared. */
export const FIDELITY_PAIRS: [content: string, style: string][] = [
  [contentImages[0], styleImages[0]],
  [contentImages[1], styleImages[1]],
  [contentImages[2], styleImages[3]],
];

export interface Fidelity {
  /** Cosine of the two style vectors (the same painting through each style network). */
  styleCosine: number;
  /** Mean |ours − official| over the RGB values of the two pictures (each from its own vector), in 8-bit levels. */
  meanDiff: number;
  /** The convolutions our port ran here: our relaxed-SIMD kernel, or TF.js's XNNPACK (WebKit has no relaxed SIMD). */
  convolutions: 'our kernel' | 'XNNPACK';
}

/** Both sides on one pair, in this engine: the style vectors, then each side's picture from its own vector. */
export async function fidelityOf(contentUrl: string, styleUrl: string): Promise<Fidelity> {
  const set = MODEL_SETS.magenta;
  const engine = await Networks.load('magenta');
  const style = await centralSquare(await bitmapOf(styleUrl), set.styleSize);
  const content = await centralSquare(await bitmapOf(contentUrl), FIDELITY_SIZE);

  const ours = await engine.styleVector(style);
  const official = await runOfficialTflite(MODEL_BASE + set.styleNetwork.path, [rgbFloats(style)]);
  const styleCosine = cosine(ours, official);

  const ourImage = (await engine.stylize(content, ours)).image.data;
  const officialImage = await runOfficialTflite(MODEL_BASE + set.transformer.path, [rgbFloats(content), { data: official, shape: [1, 1, 1, official.length] }]);
  let diff = 0;
  // Ours is RGBA bytes, the official output RGB floats in [0, 1].
  for (let p = 0, q = 0; p < officialImage.length; p++, q += q % 4 === 2 ? 2 : 1) {
    diff += Math.abs(ourImage[q] - Math.round(officialImage[p] * 255));
  }
  return { styleCosine, meanDiff: diff / officialImage.length, convolutions: convolutionThreads(engine.runtime.tf) ? 'our kernel' : 'XNNPACK' };
}

/** The engine a page runs in, as logs and tables name it. */
export function engineName(userAgent = navigator.userAgent): string {
  return /Firefox\/\S+/.exec(userAgent)?.[0] ?? /Chrome\/\S+/.exec(userAgent)?.[0] ?? 'WebKit';
}
