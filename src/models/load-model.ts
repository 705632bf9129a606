/** Loads one model file of a model set as a TF.js GraphModel. */
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { defaultModelUrls } from '../asset-urls.js';
import type { Runtime } from '../engine/runtime.js';
import type { ModelFile } from './model-sets.js';
import { tfliteHandler } from './tflite/tflite-io-handler.js';

/** Model sets share files (all Magenta sets use one style network): load each URL once per page. */
const loaded = new Map<string, Promise<GraphModel>>();

/** Loads `file` from `baseUrl` (a folder laid out as models/manifest.json), or from where the package ships it. */
export function loadModelFile(runtime: Runtime, file: ModelFile, baseUrl?: string): Promise<GraphModel> {
  let url: string;
  try {
    url = modelUrl(file, baseUrl);
  } catch (error) {
    return Promise.reject(error);
  }
  let model = loaded.get(url);
  if (!model) {
    model = file.format === 'tfjs' ? runtime.loadGraphModel(url) : runtime.loadGraphModel(tfliteHandler(() => fetchBytes(url)));
    loaded.set(url, model);
    model.catch(() => loaded.delete(url));
  }
  return model;
}

function modelUrl(file: ModelFile, baseUrl?: string): string {
  // A relative base (e.g. "models/") is relative to the page, like any URL attribute.
  if (baseUrl !== undefined) return new URL(file.path, new URL(baseUrl, globalThis.location?.href)).href;
  const shipped = defaultModelUrls[file.path];
  if (!shipped) throw new Error(`${file.path} is not shipped with the package: set model-base-url to a folder that holds it`);
  return shipped().href;
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`.trim());
  return response.arrayBuffer();
}
