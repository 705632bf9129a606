/**
 * Counts the style network's runs in this page (the real network still runs) while `work` goes on, from no
 * stored vectors: those that earlier work on this origin kept are forgotten first.
 */
import { STYLE_VECTOR_CACHE } from '../../src/engine/index.js';
import { Networks } from '../../src/engine/networks.js';

export async function styleNetworkRuns(work: () => Promise<unknown>): Promise<number> {
  await forgetStoredStyleVectors();
  const original = Networks.prototype.squareStyleVector;
  let runs = 0;
  Networks.prototype.squareStyleVector = function (...args) {
    runs++;
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    Networks.prototype.squareStyleVector = original;
  }
  return runs;
}

/** Forgets the paintings' vectors that earlier tests on this origin stored, so that counts start from nothing. */
export async function forgetStoredStyleVectors(): Promise<void> {
  await caches.delete(STYLE_VECTOR_CACHE);
}
