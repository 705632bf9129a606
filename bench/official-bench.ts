/**
 * The official TF-Lite web runtime (@tensorflow/tfjs-tflite, XNNPACK) on the same model files, as the
 * speed anchor: the style network on a 256² painting and each 384² transformer, inputs in, output read back.
 */
import { MODEL_SETS } from '../src/models/model-sets.js';
import { rgbFloats } from '../test/helpers/images.js';
import { timeOfficialTflite } from '../test/reference/tflite-reference.js';

const MODELS = '/models/files/';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface OfficialTimings {
  threads: number;
  styleNetwork: number;
  /** Transformer medians by file path. */
  transformers: Record<string, number>;
}

export async function officialRuns(style256: ImageBitmap, content384: ImageBitmap, runs: number): Promise<OfficialTimings> {
  // Its threads need SharedArrayBuffer, which only a cross-origin isolated page has.
  const threads = crossOriginIsolated ? navigator.hardwareConcurrency : 1;
  const styleInput = rgbFloats(style256);
  const styleNetwork = median(await timeOfficialTflite(MODELS + MODEL_SETS.magenta.styleNetwork.path, [styleInput], threads, runs));
  const vector = { data: new Float32Array(100).fill(0.1), shape: [1, 1, 1, 100] };
  const transformers: Record<string, number> = {};
  // The 384² files only: the runtime cannot size the dynamic transformer's output (it throws).
  for (const path of new Set(Object.values(MODEL_SETS).map((set) => set.transformer.path).filter((p) => p.includes('_384')))) {
    transformers[path] = median(await timeOfficialTflite(MODELS + path, [rgbFloats(content384), vector], threads, runs));
  }
  return { threads, styleNetwork, transformers };
}
