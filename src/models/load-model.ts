/** Loads one model file of a model set as a TF.js GraphModel. */
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { Runtime } from '../engine/runtime.js';
import type { ModelFile } from './model-sets.js';
import { tfliteHandler } from './tflite/tflite-io-handler.js';

export async function loadModelFile(runtime: Runtime, file: ModelFile, baseUrl: string): Promise<GraphModel> {
  // A relative base (e.g. "models/") is relative to the page, like any URL attribute.
  const url = new URL(file.path, new URL(baseUrl, globalThis.location?.href)).href;
  if (file.format === 'tfjs') return runtime.loadGraphModel(url);
  return runtime.loadGraphModel(tfliteHandler(() => fetchBytes(url)));
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`.trim());
  return response.arrayBuffer();
}
