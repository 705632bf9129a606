/**
 * The page's style-transfer worker: runs Stylizers (and TF.js, and the models)
 * off the main thread. One per page, shared by every WorkerStylizer.
 */
import { StyleTransferError } from '../internal/errors.js';
import { wasmHeapBytes } from '../internal/tf-runtime.js';
import { releaseModelFiles } from '../models/load-model.js';
import { keepSourceKey } from './image-source.js';
import { Stylizer } from './stylizer.js';
import { type EngineOptions, StyleTransferEngine } from './style-transfer-engine.js';
import { startTileHelper } from './tile-helper.js';
import type { StylizeProgress } from './stylize-request.js';
import type { StylizeRequest } from './stylize-request.js';
import type { FromWorker, SourceKeys, ToWorker } from './worker-protocol.js';

type Answer = Extract<FromWorker, { kind: 'done' }>['value'];

// tfjs-backend-wasm runs half of navigator.hardwareConcurrency threads (it assumes two hyper-threads per
// core): one on a 2-core machine. This worker's scope is ours alone, so there it counts every core.
if (globalThis.crossOriginIsolated) {
  const cores = navigator.hardwareConcurrency;
  Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => cores * 2 });
}

const scope = self as unknown as { postMessage(message: FromWorker, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent<ToWorker>) => void) | null };
const clients = new Map<number, { key: string; stylizer: Stylizer }>();
const runs = new Map<number, AbortController>();

/** A client's Stylizer, made anew when its page-level settings change; its tiled runs may share tiles with a helper. */
function stylizerFor(client: number, options: EngineOptions): Stylizer {
  const key = JSON.stringify(options);
  let entry = clients.get(client);
  if (entry?.key !== key) {
    // This script's own URL (not the worker's: that is a blob: module where the script is on another origin).
    const startHelper = (model: string) => startTileHelper(new URL(import.meta.url), options, model);
    clients.set(client, (entry = { key, stylizer: new Stylizer(options, startHelper) }));
  }
  return entry.stylizer;
}

async function answer(run: number, work: (signal: AbortSignal) => Promise<Answer>): Promise<void> {
  const controller = new AbortController();
  runs.set(run, controller);
  try {
    const value = await work(controller.signal);
    const transfer = value instanceof Float32Array ? [value.buffer] : value && typeof value === 'object' ? [value.image.data.buffer] : [];
    scope.postMessage({ kind: 'done', run, value, heapBytes: wasmHeapBytes() }, transfer);
  } catch (error) {
    const typed = error instanceof StyleTransferError ? error : new StyleTransferError('inference', String(error));
    scope.postMessage({ kind: 'failed', run, error: { type: typed.type, message: typed.message } });
  } finally {
    runs.delete(run);
  }
}

/** The images arrive as copies: give them their originals' keys, so that the caches still hit. */
function withPageKeys(request: StylizeRequest, keys: SourceKeys): StylizeRequest {
  const keep = (src: unknown, key: string | undefined) => typeof src === 'object' && src !== null && !(src instanceof URL) && keepSourceKey(src, key);
  keep(request.content, keys.content);
  request.styles.forEach(({ src }, index) => keep(src, keys.styles[index]));
  return request;
}

scope.onmessage = ({ data: message }) => {
  switch (message.kind) {
    case 'stylize': {
      const stylizer = stylizerFor(message.client, message.options);
      const onProgress = (progress: StylizeProgress) => scope.postMessage({ kind: 'progress', run: message.run, progress });
      return void answer(message.run, (signal) => stylizer.stylize(withPageKeys(message.request, message.keys), { signal, onProgress }));
    }
    case 'preload':
      return void answer(message.run, async () => void (await stylizerFor(message.client, message.options).preload(message.model)));
    case 'tensors':
      return void answer(message.run, () => stylizerFor(message.client, message.options).numTensors());
    case 'release':
      return void answer(message.run, async () => void (await releaseModelFiles()));
    case 'tile': {
      const { options, model, job } = message;
      return void answer(message.run, async () => (await StyleTransferEngine.load(model, options)).transformTile(job));
    }
    case 'abort':
      return runs.get(message.run)?.abort();
    case 'dispose':
      return void clients.delete(message.client);
  }
};

scope.postMessage({ kind: 'ready' });
