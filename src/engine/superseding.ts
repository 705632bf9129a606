/** One run at a time: starting a run aborts the one before it, and the caller's own signal aborts it too. */
export class Superseding {
  private current?: AbortController;

  async run<T>(signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.current?.abort();
    const run = new AbortController();
    this.current = run;
    const cancel = () => run.abort();
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await work(run.signal);
    } finally {
      signal?.removeEventListener('abort', cancel);
      if (this.current === run) this.current = undefined;
    }
  }
}
