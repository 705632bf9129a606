/**
 * A second worker that takes a share of a large photo's tiles. Where WebAssembly computes on one thread (a
 * page that is not cross-origin isolated) a tiled run would leave every other core idle; the helper runs
 * this same worker script, loads its own copy of the models and repaints the tiles it is handed, normalised
 * with the statistics the first worker recorded for the whole photo, so its tiles come out as the first's.
 */
import { startModuleWorker } from './module-worker.js';
import type { Rect } from './tiles.js';
import type { EngineOptions } from './style-transfer-engine.js';
import type { StyleVector } from './style-vector.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/** Recorded normalisation statistics as plain arrays (they cross to the helper): name, values, shape. */
export type StatisticsValues = [name: string, values: Float32Array, shape: number[]][];

/** One tile to repaint: the tile with its margins, the part of it to hand back, and how to paint it. */
export interface TileJob {
  piece: ImageBitmap;
  keep: Rect;
  style: StyleVector;
  statistics: StatisticsValues;
  preserveColors: boolean;
}

export interface TileHelper {
  /** The tile's RGB values (0–255, row-major over `keep`); `piece` moves to the helper. */
  transform(job: TileJob): Promise<Float32Array>;
  /** Stops the helper and hands its memory back; a tile still under way is rejected. */
  close(): void;
}

/** Starts the model set `model` in a helper running the worker script at `script`. */
export function startTileHelper(script: URL, options: EngineOptions, model: string): TileHelper {
  const worker = startModuleWorker(script);
  const pending = new Map<number, { resolve(rgb: Float32Array): void; reject(error: Error): void }>();
  let failure: Error | undefined;
  let next = 0;
  const fail = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  };
  worker.addEventListener('message', ({ data }: MessageEvent<FromWorker>) => {
    if (data.kind !== 'done' && data.kind !== 'failed') return;
    const waiting = pending.get(data.run);
    pending.delete(data.run);
    if (data.kind === 'done') waiting?.resolve(data.value as Float32Array);
    else waiting?.reject(new Error(`${data.error.type}: ${data.error.message}`));
  });
  worker.addEventListener('error', (event) => fail(new Error(event.message || 'the tile helper could not start')));
  return {
    transform(job) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const run = next++;
        pending.set(run, { resolve, reject });
        worker.postMessage({ kind: 'tile', run, options, model, job } satisfies ToWorker, [job.piece]);
      });
    },
    close() {
      worker.terminate();
      fail(new Error('the tile helper was closed'));
    },
  };
}
