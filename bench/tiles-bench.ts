/**
 * Large images (tiled): the main-thread Stylizer (wasm, one thread on a plain page) on photos past what one
 * run can hold. Tiled against untiled where both fit (wall time, and how far apart the two images are), then
 * 4096² and 8192² in tiles of the automatic size (8192², about 2½ minutes on one 2-core machine's thread, is
 * skipped with BENCH_8192=0), with TF.js's peak tensor bytes and the WebAssembly heap.
 * Runs on a page of its own (bench.html?section=tiles): the heap never shrinks, so its size after a run
 * says something only on a fresh page; the largest untiled run (about 3.3 GB of heap) therefore comes last.
 */
import type { StyleVector, StylizeResult } from '../src/engine/index.js';
import { AUTO_TILE_SIZE, InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { Networks } from '../src/engine/networks.js';
import { WorkerStylizer } from '../src/engine/worker-stylizer.js';
import { wasmHeapBytes } from '../src/internal/tf-runtime.js';

/** One stylize call (inside tf.profile): its wall time, and what TF.js and WebAssembly held. */
export interface TiledRun {
  width: number;
  height: number;
  /** The request's tileSize: 0 never tiles, undefined is automatic. */
  tileSize: number | undefined;
  /** Wall time of the stylize call (decode copy, statistics, every tile, assembly). */
  ms: number;
  /** The transformer phase alone (StylizeResult.timings.transformer). */
  transformerMs: number;
  /** Tiles the run went through (0: one whole-image run). */
  tiles: number;
  /** tf.profile's peakBytes: the most bytes of tensors alive at once during the run. */
  peakBytes: number;
  /** The WebAssembly heap after the run (it never shrinks, so: the most any run so far on this page needed). */
  heapBytes: number;
}

/** Rounds of untiled-then-tiled in a comparison (they take turns, so that a noisy neighbour slows both alike). */
const ROUNDS = 3;

/** Tiled against untiled on the same photo: each side's median run by wall time, and how far apart the images are. */
export interface TiledComparison {
  untiled: TiledRun;
  tiled: TiledRun;
  /** Every run's wall time, ms. */
  samples: { untiled: number[]; tiled: number[] };
  /** Mean |untiled − tiled| over R, G and B, in 8-bit levels. */
  meanAbsDiff: number;
  maxAbsDiff: number;
  /** Share of R, G, B values that differ by more than 2 levels. */
  over2: number;
  /** Mean untiled − tiled per channel (R, G, B): near ± the mean |Δ| when the difference is an overall shift. */
  meanSigned: number[];
}

export interface TiledResults {
  threads: number;
  /** The tile side of automatic tiling. */
  autoTileSize: number;
  /** 1024² (statistics exact) and 1536² (the largest untiled size; statistics from a 1024² copy). */
  comparisons: TiledComparison[];
  /** Automatic tiling at 4096² and (with BENCH_8192=1) 8192²: a run, or why there is none. */
  large: ({ run: TiledRun } | { width: number; height: number; error: string } | { width: number; height: number; skipped: string })[];
  /** The same 4096² run through the page's worker, which shares the tiles with a helper worker (two cores). */
  shared: { side: number; ms: number; tiles: number; helperTiles: number; mainThreadMs: number | undefined };
}

/** `photo` stretched onto a `width`×`height` canvas: the same picture content at every size. */
function photoAt(photo: ImageBitmap, width: number, height: number): ImageBitmap {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error(`the browser gave no 2D context for a ${width}×${height} OffscreenCanvas`);
  context.imageSmoothingQuality = 'high';
  context.drawImage(photo, 0, 0, width, height);
  return canvas.transferToImageBitmap();
}

function difference(a: ImageData, b: ImageData) {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`images differ in size: ${a.width}×${a.height} and ${b.width}×${b.height}`);
  let sum = 0;
  let max = 0;
  let over2 = 0;
  const signed = [0, 0, 0];
  for (let i = 0; i < a.data.length; i++) {
    if (i % 4 === 3) continue; // alpha: 255 in both
    const delta = a.data[i] - b.data[i];
    const d = Math.abs(delta);
    signed[i % 4] += delta;
    sum += d;
    if (d > max) max = d;
    if (d > 2) over2++;
  }
  const values = (a.data.length / 4) * 3;
  return { meanAbsDiff: sum / values, maxAbsDiff: max, over2: over2 / values, meanSigned: signed.map((x) => x / (values / 3)) };
}

export async function tiledRuns(contentBlob: Blob, styleBlob: Blob, log: (line: string) => void, { with8192 = true } = {}): Promise<TiledResults> {
  const options = { backend: 'wasm' } as const;
  const { tf } = (await Networks.load('magenta', options)).runtime;
  const photo = await createImageBitmap(contentBlob);
  const stylizer = new InThreadStylizer(options);

  // The painting's vector once (and the models loaded, kernels set up, by a small untiled and a small tiled run).
  const small = photoAt(photo, 256, 256);
  const first = await stylizer.stylize({ content: small, maxSize: 256, styles: [{ src: styleBlob }] });
  const vector: StyleVector = first.styleVector;
  const threads = first.threads;
  await stylizer.stylize({ content: small, maxSize: 256, styles: [{ vector }], tileSize: 128 });
  small.close();

  /** One run at width×height; a fresh bitmap each time, so every run pays the same decode copy. */
  const run = async (width: number, height: number, tileSize: number | undefined): Promise<{ run: TiledRun; image: ImageData }> => {
    const content = photoAt(photo, width, height);
    try {
      let tiles = 0;
      let result: StylizeResult | undefined;
      const t0 = performance.now();
      const profile = await tf.profile(async () => {
        result = await stylizer.stylize(
          { content, maxSize: Math.max(width, height), styles: [{ vector }], tileSize },
          { onProgress: ({ phase, total }) => void (phase === 'tile' && (tiles = total)) },
        );
      });
      const ms = performance.now() - t0;
      const done: TiledRun = { width, height, tileSize, ms, transformerMs: result!.timings.transformer, tiles, peakBytes: profile.peakBytes, heapBytes: wasmHeapBytes() };
      const how = tileSize === 0 ? 'untiled' : `tiles ${tileSize ?? 'auto'} (${tiles})`;
      log(`tiles: ${width}×${height} ${how}: ${ms.toFixed(0)} ms, peak ${(profile.peakBytes / 2 ** 20).toFixed(0)} MiB of tensors, heap ${(done.heapBytes / 2 ** 20).toFixed(0)} MiB`);
      return { run: done, image: result!.image };
    } finally {
      content.close();
    }
  };

  const compare = async (width: number, height: number, tileSize: number): Promise<TiledComparison> => {
    const runs = { untiled: [] as TiledRun[], tiled: [] as TiledRun[] };
    let diff: ReturnType<typeof difference> | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      const untiled = await run(width, height, 0);
      const tiled = await run(width, height, tileSize);
      runs.untiled.push(untiled.run);
      runs.tiled.push(tiled.run);
      diff ??= difference(untiled.image, tiled.image); // deterministic: the first round stands for all
    }
    const median = (xs: TiledRun[]) => [...xs].sort((a, b) => a.ms - b.ms)[Math.floor(xs.length / 2)];
    log(`tiles: ${width}×${height} untiled vs tiles of ${tileSize}: mean |Δ| ${diff!.meanAbsDiff.toFixed(3)} levels, max ${diff!.maxAbsDiff}`);
    return { untiled: median(runs.untiled), tiled: median(runs.tiled), samples: { untiled: runs.untiled.map((r) => r.ms), tiled: runs.tiled.map((r) => r.ms) }, ...diff! };
  };

  const large: TiledResults['large'] = [];
  const tryLarge = async (side: number) => {
    try {
      large.push({ run: (await run(side, side, undefined)).run });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      log(`tiles: ${side}² failed: ${message}`);
      large.push({ width: side, height: side, error: message });
    }
  };

  // Smallest heap first: 1024² untiled needs about 1 GB, as does every automatic tiled run (its statistics
  // run at 1024²), so the heap after 4096² is what tiling needs; 1536² untiled (about 2.3 GB) comes last.
  const comparisons = [await compare(1024, 1024, 256)];
  await tryLarge(4096);
  const shared = await sharedRun(photo, vector, 4096, log);
  const alone = large.find((entry): entry is { run: TiledRun } => 'run' in entry && entry.run.width === 4096);
  shared.mainThreadMs = alone?.run.ms;
  if (with8192) await tryLarge(8192);
  else large.push({ width: 8192, height: 8192, skipped: 'skipped (BENCH_8192=0): about 4× the 4096² run' });
  comparisons.push(await compare(1536, 1536, 512));
  photo.close();
  return { threads, autoTileSize: AUTO_TILE_SIZE, comparisons, large, shared };
}

/** A side² photo through a WorkerStylizer (its models loaded first): its tiles shared with a helper where it can. */
async function sharedRun(photo: ImageBitmap, vector: StyleVector, side: number, log: (line: string) => void): Promise<TiledResults['shared']> {
  const worker = new WorkerStylizer({ backend: 'wasm' });
  await worker.preload();
  let tiles = 0;
  const content = photoAt(photo, side, side);
  const t0 = performance.now();
  const result = await worker.stylize(
    { content, maxSize: side, styles: [{ vector }] },
    { onProgress: ({ phase, total }) => void (phase === 'tile' && (tiles = total)) },
  );
  const ms = performance.now() - t0;
  content.close(); // 64 MB at 4096²: the worker got a copy
  log(`tiles: ${side}² in the worker: ${ms.toFixed(0)} ms, ${result.helperTiles} of ${tiles} tiles by the helper`);
  return { side, ms, tiles, helperTiles: result.helperTiles, mainThreadMs: undefined };
}
