/** Loads one model file of a model set as a TF.js GraphModel. */
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { Runtime } from '../engine/runtime.js';
import type { ModelFile } from './model-sets.js';
import { tfliteHandler } from './tflite/tflite-io-handler.js';

/** Model sets share files (all Magenta sets use one style network): load each URL once per page. */
const loaded = new Map<string, Promise<GraphModel>>();

export function loadModelFile(runtime: Runtime, file: ModelFile, baseUrl: string): Promise<GraphModel> {
  // A relative base (e.g. "models/") is relative to the page, like any URL attribute.
  const url = new URL(file.path, new URL(baseUrl, globalThis.location?.href)).href;
  let model = loaded.get(url);
  if (!model) {
    model = file.format === 'tfjs' ? runtime.loadGraphModel(url) : runtime.loadGraphModel(tfliteHandler(() => fetchBytes(url)));
    loaded.set(url, model);
    model.catch(() => loaded.delete(url));
  }
  return model;
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`.trim());
  return response.arrayBuffer();
}
