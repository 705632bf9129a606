/** Counts the style network's runs in this page (the real network still runs) while `work` goes on. */
import { StyleTransferEngine } from '../../src/engine/index.js';

export async function styleNetworkRuns(work: () => Promise<unknown>): Promise<number> {
  const original = StyleTransferEngine.prototype.styleVector;
  let runs = 0;
  StyleTransferEngine.prototype.styleVector = function (...args) {
    runs++;
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    StyleTransferEngine.prototype.styleVector = original;
  }
  return runs;
}
