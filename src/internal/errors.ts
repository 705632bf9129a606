/** What went wrong, as a machine-readable `type` on every error the engine reports. */
export type EngineErrorType =
  | 'content-load'
  | 'style-load'
  | 'model-load'
  /** A model file's bytes are not the file its model set names (corrupted, or another file under its name). */
  | 'model-integrity'
  | 'backend'
  | 'inference'
  /** The WebGL context or WebGPU device was lost (GPU reset or reclaimed); the next run starts afresh. */
  | 'context-lost'
  /** The photo has more pixels than one run can hold (see MAX_PIXELS). */
  | 'too-large'
  /** The request itself is wrong (unknown model, strength out of range, no style). */
  | 'invalid-request'
  /** The run was cancelled by its signal or superseded by a newer one. */
  | 'aborted';

export class StyleTransferError<Type extends string = EngineErrorType> extends Error {
  override name = 'StyleTransferError';

  constructor(
    readonly type: Type,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Wraps anything thrown in `work` as a StyleTransferError of `type` (keeping typed errors as they are). */
export async function asStyleTransferError<T>(type: EngineErrorType, message: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StyleTransferError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new StyleTransferError(type, `${message}: ${detail}`, { cause: error });
  }
}

export const abortedError = () => new StyleTransferError('aborted', 'the run was superseded or cancelled');

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortedError();
}

/** Waits for `work`, but rejects with an `aborted` error as soon as `signal` aborts (the work itself goes on). */
export function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(abortedError());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
