/** Loads one model file of a model set as a TF.js GraphModel, reporting download bytes. */
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { defaultModelUrls } from '../asset-urls.js';
import { StyleTransferError } from '../internal/errors.js';
import type { Runtime } from '../internal/tf-runtime.js';
import type { ModelFile } from './model-sets.js';
import { registerSpatialMean } from './tflite/spatial-mean.js';
import { tfliteArtifacts } from './tflite/tflite-io-handler.js';

/** Download progress of one file: bytes so far and in all (0 while the server has not said). */
export type OnBytes = (loaded: number, total: number) => void;

interface Load {
  /** A model belongs to the runtime it was loaded into (a new one, after a lost WebGL context, needs its own). */
  runtime: Promise<Runtime>;
  model: Promise<GraphModel>;
  listeners: Set<OnBytes>;
  progress: { loaded: number; total: number };
}

/** Model sets share files (all Magenta sets use one style network): load each URL once per page. */
const loads = new Map<string, Load>();

/**
 * Loads `file` from `where` (see ModelLocation) into `runtime` once it has started. A `.tflite` file is fetched,
 * checked and converted meanwhile (none of that needs TF.js), so that work overlaps TF.js's own start.
 * `onBytes` hears the download, also when it joins one already under way.
 */
export async function loadModelFile(runtime: Promise<Runtime>, file: ModelFile, where: ModelLocation = {}, onBytes?: OnBytes): Promise<GraphModel> {
  const url = modelUrl(file, where);
  let load = loads.get(url);
  if (load?.runtime !== runtime) {
    const listeners = new Set<OnBytes>();
    const progress = { loaded: 0, total: 0 };
    const report: OnBytes = (loaded, total) => {
      Object.assign(progress, { loaded, total });
      for (const listener of listeners) listener(loaded, total);
    };
    const artifacts = file.format === 'tflite' ? fetchBytes(url, report).then((bytes) => verified(file, url, bytes)).then(tfliteArtifacts) : undefined;
    artifacts?.catch(() => {}); // reported through `model`, once the runtime is there
    const model = runtime.then((started) => {
      registerSpatialMean(started);
      if (artifacts) return started.loadGraphModel({ load: () => artifacts });
      return started.loadGraphModel(url, { onProgress: (fraction) => report(fraction, 1), fetchFunc: fetchNamingUrl });
    });
    model.catch(() => loads.delete(url));
    loads.set(url, (load = { runtime, model, listeners, progress }));
  }
  if (!onBytes) return load.model;
  load.listeners.add(onBytes);
  if (load.progress.total) onBytes(load.progress.loaded, load.progress.total);
  try {
    return await load.model;
  } finally {
    load.listeners.delete(onBytes);
  }
}

/** Frees every model file loaded on this thread; the next run loads what it needs again. */
export async function releaseModelFiles(): Promise<void> {
  const all = [...loads.values()];
  loads.clear();
  await Promise.all(all.map(async (load) => (await load.model.catch(() => undefined))?.dispose()));
}

/** Frees a loaded file that turned out not to fit its role, so that neither memory nor a later load keeps it. */
export async function discardModelFile(file: ModelFile, where: ModelLocation = {}): Promise<void> {
  const url = modelUrl(file, where);
  const load = loads.get(url);
  loads.delete(url);
  (await load?.model.catch(() => undefined))?.dispose();
}

/** Where model files are: a folder laid out as models/manifest.json, else each file's URL, else the shipped copies. */
export interface ModelLocation {
  baseUrl?: string;
  urls?: Readonly<Record<string, string>>;
}

function modelUrl(file: ModelFile, { baseUrl, urls }: ModelLocation): string {
  if (file.url) return file.url;
  // A relative base (e.g. "models/") is relative to the page, like any URL attribute.
  if (baseUrl !== undefined) return new URL(file.path, new URL(baseUrl, globalThis.location?.href)).href;
  const url = urls?.[file.path] ?? defaultModelUrls[file.path]?.().href;
  if (!url) throw new Error(`${file.path} is not shipped with the package: set model-base-url to a folder that holds it`);
  return url;
}

/**
 * The bytes, once their SHA-256 matches the model set's: a corrupted download or another file under the
 * same name would otherwise paint a subtly wrong picture. Pages that are not a secure context have no
 * SubtleCrypto, so there the check is skipped (the input contract check still runs).
 */
async function verified(file: Extract<ModelFile, { format: 'tflite' }>, url: string, bytes: ArrayBuffer): Promise<Uint8Array> {
  if (!file.sha256 || !globalThis.crypto?.subtle) return new Uint8Array(bytes);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  const actual = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
  if (actual !== file.sha256) {
    throw new StyleTransferError(
      'model-integrity',
      `${url} is not ${file.path} as published: its SHA-256 is ${actual}, expected ${file.sha256} (a corrupted download, or another file under its name)`,
    );
  }
  return new Uint8Array(bytes);
}

/** `fetch`, but a network failure names the URL: a bare "Failed to fetch" would leave a page author guessing. */
function fetchNamingUrl(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  return fetch(input, init).catch(() => {
    const url = input instanceof Request ? input.url : String(input);
    throw new Error(`${url} could not be fetched: the network failed, or the server does not allow cross-origin (CORS) access`);
  });
}

async function fetchBytes(url: string, onBytes: OnBytes): Promise<ArrayBuffer> {
  const response = await fetchNamingUrl(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`.trim());
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body) return response.arrayBuffer();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    chunks.push(read.value);
    loaded += read.value.length;
    // Content-Length is absent or off when the server compresses on the fly.
    onBytes(loaded, Math.max(total, loaded));
  }
  const bytes = new Uint8Array(loaded);
  chunks.reduce((offset, chunk) => (bytes.set(chunk, offset), offset + chunk.length), 0);
  return bytes.buffer;
}
