/** One progress value for a whole run (src/engine/progress.ts): weighted by cost, never going back, 1 at the end. */
import { expect } from '@open-wc/testing';
import { ProgressTracker } from '../../src/engine/progress.js';
import type { StylizeProgress } from '../../src/engine/types.js';

function tracker() {
  const seen: StylizeProgress[] = [];
  return { seen, progress: new ProgressTracker((p) => seen.push(p)), totals: () => seen.map((p) => p.totalProgress) };
}

describe('ProgressTracker', () => {
  it('weighs each phase: a heavy phase moves the total more than a light one', () => {
    const { progress, totals } = tracker();
    progress.weigh('model', 300);
    progress.weigh('decode', 100);
    progress.update('model', 50, 100);
    progress.update('model', 100, 100);
    progress.update('decode', 1, 1);
    expect(totals()).to.deep.equal([0.375, 0.75, 1]);
  });

  it('reports each phase as it is, beside the total', () => {
    const { progress, seen } = tracker();
    progress.weigh('style', 1);
    progress.update('style', 1, 2);
    expect(seen).to.deep.equal([{ phase: 'style', loaded: 1, total: 2, totalProgress: 0.5 }]);
  });

  it('never goes back, even when a phase turns out heavier than weighed', () => {
    const { progress, totals } = tracker();
    progress.weigh('model', 10);
    progress.weigh('transformer', 10);
    progress.update('model', 1, 1);
    progress.weigh('transformer', 90); // the photo was larger than guessed
    progress.update('transformer', 0, 1);
    progress.update('transformer', 1, 2);
    expect(totals()).to.deep.equal([0.5, 0.5, 0.55]);
  });

  it('counts tiles as the transformer\'s work', () => {
    const { progress, totals } = tracker();
    progress.weigh('decode', 1);
    progress.weigh('transformer', 3);
    progress.update('decode', 1, 1);
    progress.update('tile', 1, 3);
    progress.update('tile', 3, 3);
    expect(totals()).to.deep.equal([0.25, 0.5, 1]);
  });

  it('once the photo is decoded, every report says the result\'s size, and the transformer weighs its pixels', () => {
    const { progress, seen, totals } = tracker();
    progress.weigh('decode', 1);
    progress.weigh('transformer', 1);
    progress.update('model', 0, 0);
    progress.decoded(64, 32, 3);
    progress.update('transformer', 1, 3);
    expect(seen[0].outputSize).to.equal(undefined);
    expect(seen.slice(1).map((p) => p.outputSize)).to.deep.equal([{ width: 64, height: 32 }, { width: 64, height: 32 }]);
    expect(totals()).to.deep.equal([0, 0.25, 0.5]);
  });

  it('a phase with nothing to do (total 0) counts as done, and finish() says 1', () => {
    const { progress, seen, totals } = tracker();
    progress.weigh('style', 5);
    progress.weigh('transformer', 5);
    progress.update('style', 0, 0);
    progress.finish('transformer');
    expect(totals()).to.deep.equal([0.5, 1]);
    expect(seen.at(-1)).to.deep.equal({ phase: 'transformer', loaded: 1, total: 1, totalProgress: 1 });
  });
});
