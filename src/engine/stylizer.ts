/** The one way to get a Stylizer: the options say where the networks run, and on which backend. */
import { StyleTransferError } from '../internal/errors.js';
import { AdaptiveStylizer } from './adaptive-stylizer.js';
import { InThreadStylizer } from './in-thread-stylizer.js';
import { BACKEND_CHOICES, type EngineOptions, type Stylizer, type StylizerOptions } from './types.js';
import { WorkerStylizer, workerSupported } from './worker-stylizer.js';

/**
 * A Stylizer for `options`: by default (`auto`) WebAssembly in the page's worker, moving to WebGPU once it
 * has shown itself faster on this device; `wasm` in the worker; the GPU backends and `cpu` in this thread;
 * everything in this thread with `worker: false`, or where the browser cannot run the worker.
 */
export function createStylizer({ backend = 'auto', worker = true, switchWhen = 'faster', ...settings }: StylizerOptions = {}): Stylizer {
  if (!BACKEND_CHOICES.includes(backend)) {
    throw new StyleTransferError('invalid-request', `backend must be one of ${BACKEND_CHOICES.join(', ')}, not "${backend}"`);
  }
  const options: EngineOptions = { ...settings, backend: backend === 'auto' ? 'wasm' : backend };
  if (!(worker && workerSupported(options))) return new InThreadStylizer(options);
  return backend === 'auto' ? new AdaptiveStylizer(options, switchWhen) : new WorkerStylizer(options);
}
