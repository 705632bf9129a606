/**
 * A small least-recently-used cache of values that take a while to make
 * (decoded photos, style vectors). Runs that want the same key share one
 * making of it; the making is cancelled only when every run waiting for it
 * has given up, so a superseded run never wastes what the next one needs.
 */
import { untilAborted } from '../internal/errors.js';

interface Entry<T> {
  value: Promise<T>;
  cancel: AbortController;
  waiting: number;
  settled: boolean;
}

export class SharedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly capacity: number,
    /** Frees a value that falls out of the cache (e.g. closes an ImageBitmap). */
    private readonly release?: (value: T) => void,
  ) {}

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value for `key`, made now if missing; an undefined key is never cached (the caller owns the value). */
  get(key: string | undefined, make: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (key === undefined) return untilAborted(make(signal ?? new AbortController().signal), signal);
    const entry = this.entries.get(key) ?? this.add(key, make);
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.waiting++;
    return untilAborted(entry.value, signal).finally(() => {
      entry.waiting--;
      if (entry.waiting === 0 && !entry.settled) this.drop(key, entry);
    });
  }

  /** Forgets every value; one a run is still waiting for is left to that run (and the garbage collector). */
  clear(): void {
    for (const [key, entry] of this.entries) {
      if (entry.waiting === 0) this.drop(key, entry);
      else this.entries.delete(key);
    }
  }

  private add(key: string, make: (signal: AbortSignal) => Promise<T>): Entry<T> {
    const cancel = new AbortController();
    const entry: Entry<T> = { value: make(cancel.signal), cancel, waiting: 0, settled: false };
    entry.value.then(
      () => (entry.settled = true),
      // A failed making is not remembered: the next run tries again.
      () => this.entries.get(key) === entry && this.entries.delete(key),
    );
    this.entries.set(key, entry);
    for (const [oldKey, old] of this.entries) {
      if (this.entries.size <= this.capacity) break;
      // A value still being made for a waiting run stays: dropping it would fail that run.
      if (old !== entry && (old.settled || old.waiting === 0)) this.drop(oldKey, old);
    }
    return entry;
  }

  private drop(key: string, entry: Entry<T>): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
    entry.cancel.abort();
    if (this.release) entry.value.then(this.release, () => {});
  }
}
