/** Cache Storage calls bounded in time, and the background writes a run waits for before it ends. */

/**
 * Cache Storage answers in milliseconds; one that stops answering (a stuck storage backend) must hold a run
 * up no longer than this. What is kept there only ever makes a later visit faster.
 */
const STORE_PATIENCE_MS = 1000;

/** What `work` gives, or undefined where it fails or takes longer than STORE_PATIENCE_MS. */
export async function patiently<T>(work: () => Promise<T>): Promise<T | undefined> {
  let timer: number | undefined;
  const gaveUp = new Promise<undefined>((resolve) => (timer = globalThis.setTimeout(resolve, STORE_PATIENCE_MS)));
  try {
    return await Promise.race([Promise.resolve().then(work).catch(() => undefined), gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** Writes to Cache Storage still under way on this thread. */
const writes = new Set<Promise<unknown>>();

/** Starts a write in the background, bounded like `patiently`: a full or failing store costs only a later visit's speed. */
export function writeInBackground(work: () => Promise<unknown>): void {
  const write = patiently(work);
  writes.add(write);
  void write.finally(() => writes.delete(write));
}

/** Resolves once every write started so far is done or given up on: a run ends with this, so what it computed is kept. */
export async function backgroundWritesDone(): Promise<void> {
  await Promise.all(writes);
}
