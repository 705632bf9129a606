/**
 * A tiled run's tiles, computed here and, where a helper worker is given, shared with it: each takes the
 * next tile as it gets free. Tiles finish out of order across the two; the assembler takes them in order.
 */
import { throwIfAborted } from '../internal/errors.js';
import type { TileJob } from './protocol.js';
import type { TileHelper } from './tile-helper.js';
import { type Rect, type Tile, TileAssembler } from './tiles.js';

export interface TiledRun {
  content: ImageBitmap;
  tiles: Tile[];
  /** Repaints one tile here: RGB (0–255) over `keep`, a rect within `piece`. */
  transform(piece: ImageBitmap, keep: Rect): Promise<ArrayLike<number>>;
  /** A helper and what it needs besides the pieces (style, statistics, colours). */
  helper?: { worker: TileHelper; job: Omit<TileJob, 'piece' | 'keep'> };
  signal?: AbortSignal;
  onTile?: (done: number, total: number) => void;
}

/** The assembled image, and how many tiles the helper repainted. */
export async function runTiles({ content, tiles, transform, helper, signal, onTile }: TiledRun): Promise<{ image: ImageData; helperTiles: number }> {
  const assembler = new TileAssembler(content.width, content.height);
  const queue = tiles.map((_, index) => index);
  const done = new Map<number, ArrayLike<number>>();
  let added = 0;
  let helperTiles = 0;
  let helperFailed = false;
  let stopped = false;

  const finished = (index: number, rgb: ArrayLike<number>) => {
    done.set(index, rgb);
    for (let next; (next = done.get(added)); added++) {
      done.delete(added);
      assembler.add(tiles[added], next);
      onTile?.(added + 1, tiles.length);
    }
  };
  const piece = async (index: number) => {
    // A turn for the event loop between tiles: a cancellation (a message, in a worker) gets in.
    await new Promise((resolve) => setTimeout(resolve));
    throwIfAborted(signal);
    const { input, output } = tiles[index];
    const bitmap = await createImageBitmap(content, input.x, input.y, input.width, input.height);
    return { bitmap, keep: { ...output, x: output.x - input.x, y: output.y - input.y } };
  };
  const here = async () => {
    for (let index; !stopped && (index = queue.shift()) !== undefined; ) {
      const { bitmap, keep } = await piece(index);
      try {
        finished(index, await transform(bitmap, keep));
      } finally {
        bitmap.close();
      }
    }
  };
  // A helper is only ever a speed-up: a tile it fails goes back to the queue, and it takes no more.
  const helped = async ({ worker, job }: NonNullable<TiledRun['helper']>) => {
    for (let index; !stopped && !helperFailed && (index = queue.shift()) !== undefined; ) {
      const { bitmap, keep } = await piece(index);
      try {
        finished(index, await worker.transform({ ...job, piece: bitmap, keep }));
        helperTiles++;
      } catch (error) {
        bitmap.close(); // where it never crossed
        if (stopped || signal?.aborted) throw error;
        queue.unshift(index);
        if (!helperFailed) console.warn('<style-transfer>: the helper worker failed, so the tiles left run in one worker:', error);
        helperFailed = true;
      }
    }
  };
  try {
    // Two tiles in flight to the helper: this thread, busy with its own tile, cannot hand it the next one sooner.
    await Promise.all([here(), ...(helper ? [helped(helper), helped(helper)] : [])]);
    await here(); // a tile the helper handed back after this thread's queue ran dry
    return { image: assembler.finish(), helperTiles };
  } finally {
    stopped = true;
  }
}
