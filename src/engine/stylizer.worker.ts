/**
 * The style-transfer worker script: answers WorkerClient's calls (protocol.ts) by running in-thread
 * Stylizers, TF.js and the models off the main thread. The page's worker is shared by every WorkerStylizer;
 * the same script serves a live loop's second lane and a tiled run's helper.
 */
import { StyleTransferError } from '../internal/errors.js';
import { reportWorkerLoadFailure, runtimeComputes, wasmHeapBytes } from '../internal/tf-runtime.js';
import { trustedScriptUrl } from '../internal/trusted-script-url.js';
import { releaseModelFiles } from '../models/load-model.js';
import { InThreadStylizer } from './in-thread-stylizer.js';
import { Networks } from './networks.js';
import type { CallName, FromWorker, ToWorker, WorkerCalls } from './protocol.js';
import { startTileHelper } from './tile-helper.js';
import type { EngineOptions } from './types.js';

// tfjs-backend-wasm runs half of navigator.hardwareConcurrency threads (it assumes two hyper-threads per
// core): one on a 2-core machine. This worker's scope is ours alone, so there it counts every core.
if (globalThis.crossOriginIsolated) {
  const cores = navigator.hardwareConcurrency;
  Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => cores * 2 });
}

// Where this worker's policy enforces Trusted Types (`require-trusted-types-for 'script'` on its script's response,
// or on the page for a blob: worker), `new Worker(url)` takes only a TrustedScriptURL, and tfjs-backend-wasm starts
// its WebAssembly threads from plain blob: URLs: in this scope, which is ours alone, the Worker constructor passes
// the URLs it is given through the style-transfer policy (blob: URLs of this origin and the package's worker only).
// (The threads load nothing more: the build puts their code in their script, rollup.config.mjs's wasmThreadsGlue.)
// A worker that fails to load (a policy without `worker-src blob:`) is reported: TF.js would wait for it for ever.
if (typeof Worker !== 'undefined') {
  const PlainWorker = Worker;
  const TrustedWorker = class extends PlainWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(typeof url === 'string' || url instanceof URL ? trustedScriptUrl(String(url)) : url, options);
      this.addEventListener('error', (event) => event instanceof ErrorEvent || reportWorkerLoadFailure());
    }
  };
  Object.defineProperty(globalThis, 'Worker', { value: TrustedWorker, writable: true, configurable: true });
}

const scope = self as unknown as { postMessage(message: FromWorker, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent<ToWorker>) => void) | null };
const clients = new Map<number, { key: string; stylizer: InThreadStylizer }>();
const calls = new Map<number, AbortController>();

/** A client's Stylizer, made anew when its page-level settings change; its tiled runs may share tiles with a helper. */
function stylizerFor(client: number, options: EngineOptions): InThreadStylizer {
  const key = JSON.stringify(options);
  let entry = clients.get(client);
  if (entry?.key !== key) {
    // This script's own URL (not the worker's: that is a blob: module where the script is on another origin).
    const startHelper = (model: string) => startTileHelper(new URL(import.meta.url), options, model);
    clients.set(client, (entry = { key, stylizer: new InThreadStylizer(options, startHelper) }));
  }
  return entry.stylizer;
}

type Handlers = { [K in CallName]: (args: WorkerCalls[K]['args'], signal: AbortSignal, id: number) => Promise<WorkerCalls[K]['response']> };

const handlers: Handlers = {
  stylize: ({ client, options, request, keys }, signal, id) =>
    stylizerFor(client, options).stylizeKeyed(request, { signal, onProgress: (progress) => scope.postMessage({ kind: 'progress', id, progress }) }, keys),
  preload: async ({ client, options, model }) => void (await stylizerFor(client, options).preload(model)),
  tensors: ({ client, options }) => stylizerFor(client, options).numTensors(),
  release: async () => void (await releaseModelFiles()),
  tile: async ({ options, model, job }) => (await Networks.load(model, options, { styleNetworkNeeded: false })).transformTile(job),
};

/** The pixels a response carries move to the page rather than being copied. */
function transferOf(value: unknown): Transferable[] {
  if (value instanceof Float32Array) return [value.buffer];
  if (value && typeof value === 'object' && 'image' in value) return [(value as { image: ImageData }).image.data.buffer];
  return [];
}

async function answer<K extends CallName>(id: number, name: K, args: WorkerCalls[K]['args']): Promise<void> {
  const controller = new AbortController();
  calls.set(id, controller);
  try {
    const value = await (handlers[name] as Handlers[K])(args, controller.signal, id);
    scope.postMessage({ kind: 'done', id, value, heapBytes: wasmHeapBytes() }, transferOf(value));
  } catch (error) {
    const typed = error instanceof StyleTransferError ? error : new StyleTransferError('inference', String(error));
    // A failure belongs to its run: only a runtime that no longer computes takes the other runs down with it.
    const broken = typed.type === 'inference' && !(await runtimeComputes());
    scope.postMessage({ kind: 'failed', id, error: { type: typed.type, message: typed.message }, broken });
  } finally {
    calls.delete(id);
  }
}

scope.onmessage = ({ data: message }) => {
  switch (message.kind) {
    case 'call':
      return void answer(message.id, message.name, message.args);
    case 'abort':
      return calls.get(message.id)?.abort();
    case 'dispose':
      clients.get(message.client)?.stylizer.dispose();
      return void clients.delete(message.client);
  }
};

scope.postMessage({ kind: 'ready' });
