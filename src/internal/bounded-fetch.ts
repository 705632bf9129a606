/**
 * Downloads with every wait bounded: a server that never answers, or stops sending halfway, ends the download
 * with a reason a page author can act on, instead of leaving a run waiting for ever.
 */
import { abortedError } from './errors.js';

/** How long a download may go without a byte before it counts as hung (a page may change it). */
export const DEFAULT_STALL_TIMEOUT = 30_000;

export interface BoundedFetchOptions {
  signal?: AbortSignal;
  /** Milliseconds without a byte (headers, then each chunk of the body) after which the download is given up. */
  stallTimeout?: number;
  /** Bytes so far, and in all (at least as many as so far: Content-Length is absent or off where the server compresses). */
  onBytes?: (loaded: number, total: number) => void;
}

/** Why a download failed: `message` says it of the download as a whole, "<url> could not be fetched: …". */
export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    readonly url: string,
    /** `network`: no answer (offline, CORS, CSP); `status`: an error status; `stalled`: no byte for too long; `dropped`: the body broke off. */
    readonly kind: 'network' | 'status' | 'stalled' | 'dropped',
    readonly why: string,
    options?: { cause?: unknown },
  ) {
    super(`${url} could not be ${kind === 'network' ? 'fetched' : 'loaded'}: ${why}`, options);
  }
}

/** The whole body of `url`, with its response; rejects with a DownloadError (or `aborted` once `signal` aborts). */
export async function fetchBounded(url: string, { signal, stallTimeout = DEFAULT_STALL_TIMEOUT, onBytes }: BoundedFetchOptions = {}): Promise<{ response: Response; bytes: Uint8Array<ArrayBuffer> }> {
  const controller = new AbortController();
  const cancel = () => controller.abort();
  signal?.addEventListener('abort', cancel, { once: true });
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ((stalled = true), controller.abort()), stallTimeout);
  };
  const failure = (error: unknown, kind: 'network' | 'dropped', why: string) => {
    if (signal?.aborted) return abortedError();
    if (stalled) return new DownloadError(url, 'stalled', `the server sent nothing for ${seconds(stallTimeout)} (it, or the connection, hung)`, { cause: error });
    return new DownloadError(url, kind, why, { cause: error });
  };
  try {
    watch();
    const response = await fetch(url, { signal: controller.signal, mode: 'cors' }).catch((error: unknown) => {
      throw failure(error, 'network', 'the network failed or the server does not allow cross-origin (CORS) access to it');
    });
    if (!response.ok) throw new DownloadError(url, 'status', `the server answered ${response.status} ${response.statusText}`.trim());
    const total = Number(response.headers.get('content-length')) || 0;
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    try {
      const reader = response.body!.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        watch();
        chunks.push(read.value);
        loaded += read.value.length;
        onBytes?.(loaded, Math.max(total, loaded));
      }
    } catch (error) {
      throw failure(error, 'dropped', `the connection dropped after ${loaded.toLocaleString('en')} of ${total ? total.toLocaleString('en') : 'its'} bytes`);
    }
    const bytes = new Uint8Array(loaded);
    chunks.reduce((offset, chunk) => (bytes.set(chunk, offset), offset + chunk.length), 0);
    return { response, bytes };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}

/** A URL as an error message shows it: a data: URL (which may hold a whole file) by its start only. */
export const shownUrl = (url: string): string => (/^data:/i.test(url) && url.length > 64 ? `${url.slice(0, 48)}…` : url);

/** `ms` as a person says it: "30 s", "0.5 s". */
export const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;
