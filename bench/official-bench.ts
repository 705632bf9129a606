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

/**
 * One round of the official runtime at a time: each call times one run of the style network and of each 384²
 * transformer (after an untimed one, which the runtime's page does first).
 */
export function officialRound(style256: ImageBitmap, content384: ImageBitmap): () => Promise<OfficialTimings> {
  // Its threads need SharedArrayBuffer, which only a cross-origin isolated page has.
  const threads = crossOriginIsolated ? navigator.hardwareConcurrency : 1;
  const [styleInput, contentInput] = [rgbFloats(style256), rgbFloats(content384)];
  const vector = { data: new Float32Array(100).fill(0.1), shape: [1, 1, 1, 100] };
  // The 384² files only: the runtime cannot size the dynamic transformer's output (it throws).
  const paths = [...new Set(Object.values(MODEL_SETS).map((set) => set.transformer.path).filter((p) => p.includes('_384')))];
  const once = async (path: string, inputs: { data: Float32Array; shape: number[] }[]) => (await timeOfficialTflite(MODELS + path, inputs, threads, 1))[0];
  return async () => {
    const styleNetwork = await once(MODEL_SETS.magenta.styleNetwork.path, [styleInput]);
    const transformers: Record<string, number> = {};
    for (const path of paths) transformers[path] = await once(path, [contentInput, vector]);
    return { threads, styleNetwork, transformers };
  };
}

/** The median of each timing over rounds. */
export function medianTimings(rounds: OfficialTimings[]): OfficialTimings {
  const transformers = Object.fromEntries(Object.keys(rounds[0].transformers).map((path) => [path, median(rounds.map((r) => r.transformers[path]))]));
  return { threads: rounds[0].threads, styleNetwork: median(rounds.map((r) => r.styleNetwork)), transformers };
}
