/**
 * One started style-transfer worker and the calls under way in it: the page's worker, a live loop's second
 * worker, or a tiled run's helper. Each call is a typed request with a typed response (protocol.ts);
 * cancelling a call crosses as a message.
 */
import { DEFAULT_STALL_TIMEOUT, seconds } from '../internal/bounded-fetch.js';
import { abortedError, StyleTransferError } from '../internal/errors.js';
import { startHint, startModuleWorker } from './module-worker.js';
import type { CallName, FromWorker, ToWorker, WorkerCalls } from './protocol.js';
import type { StylizeProgress } from './types.js';

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?(progress: StylizeProgress): void;
}

export interface CallOptions {
  transfer?: Transferable[];
  signal?: AbortSignal;
  onProgress?: (progress: StylizeProgress) => void;
}

export interface WorkerClientOptions {
  /** Milliseconds the worker may take to say it is ready: one that does not (its script hangs) counts as one that failed to start. */
  startTimeout?: number;
  /** Hears each answer's heap size: a client may decide to retire a worker whose heap grew too large. */
  onAnswer?: (client: WorkerClient, heapBytes: number) => void;
  /** Called once, when the worker is closed. */
  onClosed?: () => void;
}

let nextCallId = 0;

/** A call that was under way in a worker which another call's failure broke: it may be run again in a fresh worker. */
export class WorkerReplacedError extends StyleTransferError {
  constructor() {
    super('inference', 'the worker was restarted after another run broke its runtime: run again');
  }
}

export class WorkerClient {
  private readonly calls = new Map<number, PendingCall>();
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly options: WorkerClientOptions,
  ) {
    worker.addEventListener('message', ({ data }: MessageEvent<FromWorker>) => this.receive(data));
  }

  /** Starts the worker script at `script`; resolves once it has said it is ready, rejects if it cannot start. */
  static start(script: URL, options: WorkerClientOptions = {}): Promise<WorkerClient> {
    const { startTimeout = DEFAULT_STALL_TIMEOUT } = options;
    return new Promise((resolve, reject) => {
      const worker = startModuleWorker(script);
      const timer = setTimeout(() => {
        worker.terminate();
        reject(new Error(`the style-transfer worker did not start within ${seconds(startTimeout)} (its script did not load or run)`));
      }, startTimeout);
      const started = ({ data }: MessageEvent<FromWorker>) => {
        if (data.kind !== 'ready') return;
        clearTimeout(timer);
        worker.removeEventListener('message', started);
        resolve(new WorkerClient(worker, options));
      };
      worker.addEventListener('message', started);
      worker.addEventListener(
        'error',
        (event: ErrorEvent) => {
          // Handled here (the caller falls back and says so), not an uncaught error of the page's.
          event.preventDefault();
          clearTimeout(timer);
          // A script that threw says why; one that did not load (missing, or refused by the page's policy) does not.
          reject(new Error(event.message || `the style-transfer worker could not load ${script.href}${startHint(script)}`));
        },
        { once: true },
      );
    });
  }

  /** Whether runs under way would be lost by closing it. */
  get idle(): boolean {
    return this.calls.size === 0;
  }

  call<K extends CallName>(name: K, args: WorkerCalls[K]['args'], { transfer = [], signal, onProgress }: CallOptions = {}): Promise<WorkerCalls[K]['response']> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortedError());
      if (this.closed) return reject(new StyleTransferError('inference', 'the worker was stopped'));
      const id = nextCallId++;
      this.calls.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      signal?.addEventListener('abort', () => this.abort(id), { once: true });
      try {
        this.worker.postMessage({ kind: 'call', id, name, args } as ToWorker, transfer);
      } catch (error) {
        this.calls.delete(id);
        reject(error);
      }
    });
  }

  /** A message that needs no answer. */
  post(message: ToWorker): void {
    if (!this.closed) this.worker.postMessage(message);
  }

  /** Stops the worker (its memory goes back to the system); calls under way reject with `reason`. */
  close(reason: Error = abortedError()): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.terminate();
    for (const pending of this.calls.values()) pending.reject(reason);
    this.calls.clear();
    this.options.onClosed?.();
  }

  private abort(id: number): void {
    const pending = this.calls.get(id);
    if (!pending) return;
    this.calls.delete(id);
    this.worker.postMessage({ kind: 'abort', id } satisfies ToWorker);
    pending.reject(abortedError());
  }

  private receive(message: FromWorker): void {
    if (message.kind === 'ready') return;
    const pending = this.calls.get(message.id);
    if (message.kind === 'progress') return pending?.onProgress?.(message.progress);
    this.calls.delete(message.id);
    if (message.kind === 'done') {
      pending?.resolve(message.value);
      this.options.onAnswer?.(this, message.heapBytes);
      return;
    }
    pending?.reject(new StyleTransferError(message.error.type, message.error.message));
    // A runtime that no longer computes would fail every later run: start afresh.
    if (message.broken) this.close(new WorkerReplacedError());
  }
}
