/**
 * One progress value for a whole run. Each phase is an activity with a weight (about what it costs: a
 * download by its bytes, a network run by its pixels); `totalProgress` is the weighted share done, and never
 * goes back, even when a phase that starts later adds weight.
 */
import type { StylizePhase, StylizeProgress } from './types.js';

/** Weights, in about a millisecond of work each on a mid-range laptop. */
export const PROGRESS_WEIGHTS = {
  /** Per byte of model download (about 16 Mbit/s). */
  modelByte: 1 / 2000,
  decode: 20,
  /** Per painting (or photo) the style network analyses. */
  styleImage: 40,
  /** Per output pixel of the transformer. */
  transformerPixel: 170 / (512 * 512),
} as const;

export class ProgressTracker {
  private readonly weights = new Map<StylizePhase, number>();
  private readonly done = new Map<StylizePhase, number>();
  private reported = 0;
  private outputSize?: { width: number; height: number };

  constructor(private readonly report: (progress: StylizeProgress) => void) {}

  /** Sets how much `phase` weighs (0 for work that turned out to be cached). */
  weigh(phase: StylizePhase, weight: number): void {
    this.weights.set(phase, weight);
  }

  /** `phase` has done `loaded` of `total`; reported with the whole run's progress. */
  update(phase: StylizePhase, loaded: number, total: number): void {
    // Tiles are the transformer's work, counted tile by tile.
    this.done.set(phase === 'tile' ? 'transformer' : phase, total > 0 ? Math.min(1, loaded / total) : 1);
    let weight = 0;
    let weightDone = 0;
    for (const [name, phaseWeight] of this.weights) {
      weight += phaseWeight;
      weightDone += phaseWeight * (this.done.get(name) ?? 0);
    }
    this.reported = Math.max(this.reported, weight > 0 ? weightDone / weight : 0);
    this.report({ phase, loaded, total, totalProgress: this.reported, ...this.sized() });
  }

  /** The photo is decoded at the result's size: the transformer's work is known, and reports say the size. */
  decoded(width: number, height: number, transformerWeight: number): void {
    this.outputSize = { width, height };
    this.weigh('transformer', transformerWeight);
    this.update('decode', 1, 1);
  }

  /** The result is ready: the last report says 1. */
  finish(phase: StylizePhase): void {
    this.reported = 1;
    this.report({ phase, loaded: 1, total: 1, totalProgress: 1, ...this.sized() });
  }

  private sized(): Pick<StylizeProgress, 'outputSize'> {
    return this.outputSize ? { outputSize: { ...this.outputSize } } : {};
  }
}
