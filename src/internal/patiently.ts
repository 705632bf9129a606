/**
 * Cache Storage answers in milliseconds; one that stops answering (a stuck storage backend) must hold a run
 * up no longer than this. What is kept there only ever makes a later visit faster.
 */
export const STORE_PATIENCE_MS = 1000;

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
