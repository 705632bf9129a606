/** What went wrong, as a machine-readable `type` on every error the engine and element report. */
export type StyleTransferErrorType =
  | 'content-load'
  | 'style-load'
  | 'model-load'
  | 'backend'
  | 'invalid-attribute'
  | 'inference'
  | 'aborted';

export class StyleTransferError extends Error {
  override name = 'StyleTransferError';

  constructor(
    readonly type: StyleTransferErrorType,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Wraps anything thrown in `work` as a StyleTransferError of `type` (keeping typed errors as they are). */
export async function asStyleTransferError<T>(type: StyleTransferErrorType, message: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StyleTransferError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new StyleTransferError(type, `${message}: ${detail}`, { cause: error });
  }
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new StyleTransferError('aborted', 'the run was superseded or cancelled');
}
