/** Loads one model file of a model set as a TF.js GraphModel, reporting download bytes. */
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { io } from '@tensorflow/tfjs-core';
import { defaultModelUrls } from '../asset-urls.js';
import { fetchBounded } from '../internal/bounded-fetch.js';
import { StyleTransferError } from '../internal/errors.js';
import { sha256Hex } from '../internal/sha256.js';
import type { Runtime } from '../internal/tf-runtime.js';
import type { ModelFile } from './model-sets.js';
import { type GraphName, storedGraph, storedGraphSize, storeGraph } from './stored-graphs.js';
import { registerMirrorPad } from './tflite/mirror-pad.js';
import { registerConv } from './tflite/direct-conv.js';
import { registerSpatialMean } from './tflite/spatial-mean.js';
import { tfliteArtifacts } from './tflite/tflite-io-handler.js';

type TfliteFile = Extract<ModelFile, { format: 'tflite' }>;

/** Progress of one file: bytes so far and in all (0 while the server has not said), downloaded or read from storage. */
export type OnBytes = (loaded: number, total: number) => void;

interface Progress {
  listeners: Set<OnBytes>;
  progress: { loaded: number; total: number };
  report: OnBytes;
}

interface Load extends Progress {
  /** A model belongs to the runtime it was loaded into (a new one, after a lost WebGL context or WebGPU device, needs its own). */
  runtime: Promise<Runtime>;
  model: Promise<GraphModel>;
}

/** A `.tflite` file made ready to load: its graph is stored from an earlier visit, or here are its checked bytes to convert. */
interface Prepared extends Progress {
  source: Promise<'stored' | Uint8Array>;
}

/** Model sets share files (all Magenta sets use one style network): load each URL once per page. */
const loads = new Map<string, Load>();
const prepared = new Map<string, Prepared>();

function progress(): Progress {
  const listeners = new Set<OnBytes>();
  const state = { loaded: 0, total: 0 };
  const report: OnBytes = (loaded, total) => {
    Object.assign(state, { loaded, total });
    for (const listener of listeners) listener(loaded, total);
  };
  return { listeners, progress: state, report };
}

/** Waits for `done` while `onBytes` hears the bytes (also those that came before it joined). */
async function listening<T>({ listeners, progress: state }: Progress, done: Promise<T>, onBytes?: OnBytes): Promise<T> {
  if (!onBytes) return done;
  listeners.add(onBytes);
  if (state.total) onBytes(state.loaded, state.total);
  try {
    return await done;
  } finally {
    listeners.delete(onBytes);
  }
}

function prepare(file: TfliteFile, where: ModelLocation): Prepared {
  const key = loadKey(file, where);
  let entry = prepared.get(key);
  if (!entry) {
    const heard = progress();
    const name = graphName(file, where);
    const source = (async () => {
      const stored = name && (await storedGraphSize(name));
      if (!stored) return fetchVerified(file, where, heard.report);
      heard.report(stored, stored);
      return 'stored' as const;
    })();
    source.catch(() => prepared.delete(key));
    prepared.set(key, (entry = { ...heard, source }));
  }
  return entry;
}

/**
 * What a file's converted graph is stored as: in the slot of its place in the model set and its conversion,
 * the version of its SHA-256 and URL; undefined where it is not stored (the page said so, or the file has no
 * SHA-256 to vouch for its bytes).
 */
function graphName(file: TfliteFile, where: ModelLocation): GraphName | undefined {
  if (where.storeGraphs === false || !file.sha256) return undefined;
  const sides = `(sides × ${file.inputSizeMultiple ?? 1})`;
  const url = modelUrl(file, where);
  // A data: URL is its bytes, which the SHA-256 names already: megabytes of it make a key Firefox refuses.
  if (/^data:/i.test(url)) return { slot: `data: ${file.sha256} ${sides}`, version: `${file.sha256} data:` };
  return { slot: `${file.path} ${sides}`, version: `${file.sha256} ${url}` };
}

/** The graph of a file made ready: the stored one, else converted from its bytes (and stored for later visits). */
async function graphOf(file: TfliteFile, where: ModelLocation, source: 'stored' | Uint8Array, onBytes: OnBytes): Promise<io.ModelArtifacts> {
  const name = graphName(file, where);
  if (source === 'stored') {
    const stored = name && (await storedGraph(name));
    if (stored) return stored;
    source = await fetchVerified(file, where, onBytes); // unreadable after all: the file itself
  }
  const artifacts = tfliteArtifacts(source, file);
  if (name) storeGraph(name, artifacts);
  return artifacts;
}

/**
 * Makes `file` ready to load without converting or loading it (finds its stored graph, else downloads it), so
 * that a network or integrity failure shows as early as the other files' and a later loadModelFile only
 * converts. Files in TF.js's own format load whole later.
 */
export async function prepareModelFile(file: ModelFile, where: ModelLocation = {}, onBytes?: OnBytes): Promise<void> {
  if (file.format !== 'tflite') return;
  const key = loadKey(file, where);
  const load = loads.get(key);
  // A file loaded earlier has its graph (a loading one shares its download).
  const entry = prepared.get(key) ?? (load ? undefined : prepare(file, where));
  if (entry) return listening(entry, entry.source.then(() => {}), onBytes);
  if (load?.progress.total) onBytes?.(load.progress.loaded, load.progress.total);
}

/**
 * Loads `file` from `where` (see ModelLocation) into `runtime` once it has started. A `.tflite` file's stored
 * graph is read, or the file fetched, checked and converted, meanwhile (none of that needs TF.js), so that
 * this work overlaps TF.js's own start.
 * `onBytes` hears the download, also when it joins one already under way.
 */
export async function loadModelFile(runtime: Promise<Runtime>, file: ModelFile, where: ModelLocation = {}, onBytes?: OnBytes): Promise<GraphModel> {
  const url = modelUrl(file, where);
  const key = loadKey(file, where);
  let load = loads.get(key);
  if (load?.runtime !== runtime) {
    const fetched = file.format === 'tflite' ? prepare(file, where) : undefined;
    const heard = fetched ?? progress();
    const artifacts = fetched?.source.then((source) => {
      // Loaded, the bytes are not needed again (a later load, after a release, prepares the file anew).
      prepared.delete(key);
      return graphOf(file as TfliteFile, where, source, heard.report);
    });
    artifacts?.catch(() => {}); // reported through `model`, once the runtime is there
    const model = runtime.then(async (started) => {
      registerSpatialMean(started);
      registerMirrorPad(started);
      await registerConv(started);
      if (artifacts) return started.loadGraphModel({ load: () => artifacts });
      return started.loadGraphModel(url, { onProgress: (fraction) => heard.report(fraction, 1), fetchFunc: boundedFetchFunc(where) });
    });
    model.catch(() => loads.delete(key));
    loads.set(key, (load = { ...heard, runtime, model }));
  }
  return listening(load, load.model, onBytes);
}

/** Frees every model file loaded on this thread; the next run loads what it needs again. */
export async function releaseModelFiles(): Promise<void> {
  const all = [...loads.values()];
  loads.clear();
  prepared.clear();
  await Promise.all(all.map(async (load) => (await load.model.catch(() => undefined))?.dispose()));
}

/** Frees a loaded file that turned out not to fit its role, so that neither memory nor a later load keeps it. */
export async function discardModelFile(file: ModelFile, where: ModelLocation = {}): Promise<void> {
  const key = loadKey(file, where);
  const load = loads.get(key);
  loads.delete(key);
  (await load?.model.catch(() => undefined))?.dispose();
}

/**
 * Where model files are: a folder laid out as models/manifest.json, else each file's URL, else the shipped
 * copies; and whether their converted graphs are kept in Cache Storage for later visits (default: kept).
 */
export interface ModelLocation {
  baseUrl?: string;
  urls?: Readonly<Record<string, string>>;
  storeGraphs?: boolean;
  /** Milliseconds a download may go without a byte before it is given up (default 30 s). */
  stallTimeout?: number;
}

/** A file converted for padded inputs is another graph than the same file converted for any size. */
function loadKey(file: ModelFile, where: ModelLocation): string {
  const multiple = file.format === 'tflite' ? file.inputSizeMultiple : undefined;
  return multiple ? `${modelUrl(file, where)} (sides × ${multiple})` : modelUrl(file, where);
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
 * Downloads a file: the bytes, once their SHA-256 matches the model set's (a corrupted download or another file
 * under the same name would otherwise paint a subtly wrong picture), on secure and plain http pages alike.
 */
async function fetchVerified(file: TfliteFile, where: ModelLocation, onBytes: OnBytes): Promise<Uint8Array<ArrayBuffer>> {
  const url = modelUrl(file, where);
  const { bytes } = await fetchBounded(url, { stallTimeout: where.stallTimeout, onBytes });
  if (!file.sha256) return bytes;
  const actual = await sha256Hex(bytes);
  if (actual !== file.sha256) {
    throw new StyleTransferError(
      'model-integrity',
      `${url} is not ${file.path} as published: its SHA-256 is ${actual}, expected ${file.sha256} (a corrupted download, or another file under its name)`,
    );
  }
  return bytes;
}

/** TF.js's loader fetches a model.json and its weights through this: each download bounded, and a failure naming its URL. */
function boundedFetchFunc({ stallTimeout }: ModelLocation) {
  return async (input: RequestInfo | URL): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const { response, bytes } = await fetchBounded(url, { stallTimeout });
    return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
