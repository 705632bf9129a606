/**
 * A second thread for direct-conv.as.ts on a shared heap (a cross-origin isolated page, where TF.js runs its
 * threaded WebAssembly build): a worker of ours with its own instance of the kernel on the same memory. Each
 * convolution's rows go to whichever thread takes them first, so neither waits on a slow start of the other.
 *
 * The two threads meet at the job block's first two i32s: the caller bumps STARTED and wakes the helper, the
 * helper sets FINISHED to STARTED's value once it has no row left to take, and the caller returns only then.
 */
import { trustedScriptUrl } from '../../internal/trusted-script-url.js';

const [STARTED, FINISHED] = [0, 1];

/** Without an answer for this long the helper is taken for dead (it never is, short of a bug). */
const HELPER_TIMEOUT_MS = 10_000;
/** A helper not ready by then is not used (a page that blocks blob: workers may never say why). */
const START_TIMEOUT_MS = 3_000;

/** The helper's script: instantiate, say so, then take rows of every job it is woken for. */
const HELPER_SCRIPT = `onmessage = ({ data: { module, memory, job } }) => {
  const { convolve } = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const flags = new Int32Array(memory.buffer, job, 2);
  postMessage('ready');
  for (let seen = Atomics.load(flags, ${STARTED}); ; ) {
    Atomics.wait(flags, ${STARTED}, seen);
    seen = Atomics.load(flags, ${STARTED});
    convolve(job);
    Atomics.store(flags, ${FINISHED}, seen);
    Atomics.notify(flags, ${FINISHED});
  }
};`;

export interface ConvolutionThread {
  /** Runs `work` (the caller's share of the job) while the helper takes its own share; returns when both are done. */
  share(work: () => void): void;
}

/**
 * The helper, once its instance is ready; null where the realm's policy forbids the worker (`worker-src` without
 * `blob:`, or Trusted Types without the `style-transfer` policy).
 */
export async function startConvolutionThread(module: WebAssembly.Module, memory: WebAssembly.Memory, job: number): Promise<ConvolutionThread | null> {
  const url = URL.createObjectURL(new Blob([HELPER_SCRIPT], { type: 'text/javascript' }));
  let worker: Worker;
  try {
    worker = new Worker(trustedScriptUrl(url)); // a blob: URL, which the style-transfer policy allows
  } catch {
    URL.revokeObjectURL(url);
    return null;
  }
  const ready = await new Promise<boolean>((resolve) => {
    setTimeout(() => resolve(false), START_TIMEOUT_MS);
    worker.onmessage = () => resolve(true);
    worker.onerror = () => resolve(false);
    worker.postMessage({ module, memory, job });
  });
  URL.revokeObjectURL(url);
  if (!ready) {
    worker.terminate();
    return null;
  }
  const flags = new Int32Array(memory.buffer, job, 2);
  // A window may not block (Atomics.wait throws there): it polls the flag instead.
  const mayBlock = typeof window === 'undefined';
  return {
    share(work) {
      const started = Atomics.add(flags, STARTED, 1) + 1;
      Atomics.notify(flags, STARTED);
      work();
      const deadline = performance.now() + HELPER_TIMEOUT_MS;
      for (let finished = Atomics.load(flags, FINISHED); finished !== started; finished = Atomics.load(flags, FINISHED)) {
        if (performance.now() > deadline) throw new Error('the convolution helper thread stopped answering');
        if (mayBlock) Atomics.wait(flags, FINISHED, finished, HELPER_TIMEOUT_MS);
      }
    },
  };
}
