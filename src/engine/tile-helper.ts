/**
 * A second worker that takes a share of a large photo's tiles. Where WebAssembly computes on one thread (a
 * page that is not cross-origin isolated) a tiled run would leave every other core idle; the helper runs
 * this same worker script, loads its own copy of the models and repaints the tiles it is handed, normalised
 * with the statistics the first worker recorded for the whole photo, so its tiles come out as the first's.
 */
import type { TileJob } from './protocol.js';
import type { EngineOptions } from './types.js';
import { WorkerClient } from './worker-client.js';

export interface TileHelper {
  /** The tile's RGB values (0–255, row-major over `keep`); `piece` moves to the helper. */
  transform(job: TileJob): Promise<Float32Array>;
  /** Stops the helper and hands its memory back; a tile still under way is rejected. */
  close(): void;
}

/** Starts the model set `model` in a helper running the worker script at `script`. */
export function startTileHelper(script: URL, options: EngineOptions, model: string): TileHelper {
  const started = WorkerClient.start(script, { startTimeout: options.stallTimeout });
  started.catch(() => {}); // reported by the first tile handed to it
  return {
    transform: async (job) => (await started).call('tile', { options, model, job }, { transfer: [job.piece] }),
    close: () => void started.then((helper) => helper.close(new Error('the tile helper was closed')), () => {}),
  };
}
