/**
 * Benchmark page for `npm run bench` (driven by bench/run-bench.mjs, also usable by hand at
 * /bench/bench.html on the dev server). Everything runs on the wasm backend so numbers are
 * comparable across machines without a GPU. Results land in `window.benchResults`.
 * On a cross-origin isolated page (threads available) it runs only what threads change:
 * the official runtime, a new painting through each Stylizer, and the element.
 * `?section=tiles` runs only the "Large images (tiled)" section (bench/tiles-bench.ts), on a page of its own
 * so that its WebAssembly heap starts fresh; `&8192=0` leaves out the 8192² run (BENCH_8192=0 in run-bench.mjs).
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { Networks } from '../src/engine/networks.js';
import { hardwareWebGpu } from '../src/internal/tf-runtime.js';
import { DEFAULT_MODEL_SET, SHIPPED_MODEL_SETS } from '../src/models/model-sets.js';
import { convolutionThreads } from '../src/models/tflite/direct-conv.js';
import { elementRuns, newPaintingRound } from './element-bench.js';
import { profileKernels } from './kernel-profile.js';
import { medianTimings, officialRound, type OfficialTimings } from './official-bench.js';
import { liveRuns } from './live-bench.js';
import { tiledRuns } from './tiles-bench.js';

const MODELS = '/models/files/';
const SEED_URL = `${MODELS}seed-tfjs/saved_model_transformer_separable_js/model.json`;
const CONTENT_URL = '/images/content/chicago.jpg';
const STYLE_URL = '/images/style/udnie.jpg';
const SIZES = [256, 384, 512];
const BIG = 1024; // default model set only: the slowest case a user would hit
const RUNS = 5;
/** Rounds of the headline comparison (the official runtime against a new painting through each Stylizer). */
const ANCHOR_ROUNDS = 9;
const LEAK_RUNS = 10;

declare global {
  interface Window {
    benchResults?: unknown;
    benchError?: string;
  }
}

const out = document.querySelector('#out')!;
const log = (line: string) => console.log(`[bench] ${line}`); // forwarded to the terminal by run-bench.mjs

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * 1 warm-up (first-run allocations and kernel setup are not what users feel on every run)
 * then the median of `runs`; a slow warm-up (> 2 s) cuts the count to 3 to bound total time.
 */
async function time(label: string, run: () => Promise<unknown>, runs = RUNS) {
  const t0 = performance.now();
  await run();
  const warmup = performance.now() - t0;
  const n = warmup > 2000 ? Math.min(runs, 3) : runs;
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  const result = { median: median(samples), warmup, samples };
  log(`${label}: median ${result.median.toFixed(1)} ms of ${n}, range ${Math.min(...samples).toFixed(0)}–${Math.max(...samples).toFixed(0)} (warm-up ${warmup.toFixed(0)} ms)`);
  return result;
}

/** A real photo stretched to N×N, so every size sees the same picture content. */
async function contentAt(source: Blob, n: number) {
  return createImageBitmap(source, { resizeWidth: n, resizeHeight: n, resizeQuality: 'high' });
}

async function fileBytes(url: string): Promise<number> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.arrayBuffer()).byteLength;
}

/** Download size of every model file, the seed's model.json plus its weight shards. */
async function downloadSizes() {
  const paths = new Set<string>();
  for (const set of SHIPPED_MODEL_SETS) paths.add(set.styleNetwork.path).add(set.transformer.path);
  const sizes: Record<string, number> = {};
  for (const path of paths) sizes[path] = await fileBytes(MODELS + path);
  const seedJson = await (await fetch(SEED_URL)).json();
  const seedDir = SEED_URL.slice(MODELS.length, SEED_URL.lastIndexOf('/') + 1);
  sizes[SEED_URL.slice(MODELS.length)] = await fileBytes(SEED_URL);
  for (const group of seedJson.weightsManifest) {
    for (const shard of group.paths) sizes[seedDir + shard] = await fileBytes(MODELS + seedDir + shard);
  }
  return sizes;
}

async function main() {
  const [contentBlob, styleBlob] = await Promise.all([CONTENT_URL, STYLE_URL].map(async (u) => (await fetch(u)).blob()));
  const params = new URLSearchParams(location.search);
  if (params.get('section') === 'tiles') return { tiles: await tiledRuns(contentBlob, styleBlob, log, { with8192: params.get('8192') !== '0' }) };
  const style256 = await createImageBitmap(styleBlob, { resizeWidth: 256, resizeHeight: 256, resizeQuality: 'high' });
  const contents = new Map<number, ImageBitmap>();
  for (const n of [...SIZES, BIG]) contents.set(n, await contentAt(contentBlob, n));

  const webGpu = (await hardwareWebGpu()) ? 'a hardware adapter' : 'gpu' in navigator ? 'no hardware adapter' : 'no navigator.gpu';
  const results: Record<string, any> = { userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency, isolated: crossOriginIsolated, webGpu };
  // The headline comparison first, before the other sections fill this page's memory.
  Object.assign(results, await anchorComparison(style256, contents.get(384)!, styleBlob));
  results.convolutionThreads = convolutionThreads((await Networks.load(DEFAULT_MODEL_SET, { backend: 'wasm' })).runtime.tf);
  if (!crossOriginIsolated) await engineRuns(results, style256, contents);
  // The element, worker against main thread, with the main thread's long tasks.
  results.element = await elementRuns(contentBlob, STYLE_URL, log);
  // Live: frames per second on a synthetic video.
  results.live = await liveRuns(contentBlob, STYLE_URL, log);
  return results;
}

/**
 * The headline comparison at 384²: the official runtime (style network + each transformer) and a new painting
 * through each Stylizer take turns round by round, so that a noisy neighbour on a shared machine slows all
 * alike; each is the median over the rounds.
 */
async function anchorComparison(style256: ImageBitmap, content384: ImageBitmap, painting: Blob) {
  const official = officialRound(style256, content384);
  const ours = await newPaintingRound(content384, painting, ANCHOR_ROUNDS);
  const rounds: { official: OfficialTimings; ours: { worker: number; main: number } }[] = [];
  for (let i = 0; i < ANCHOR_ROUNDS; i++) rounds.push({ official: await official(), ours: await ours() });
  const officialTimings = medianTimings(rounds.map((round) => round.official));
  const each = (times: number[]) => `${times.map((x) => x.toFixed(0)).join(' ')} ms`;
  log(`official TF-Lite runtime, ${officialTimings.threads} thread(s), medians: ${JSON.stringify(officialTimings)}`);
  log(`official style network: ${each(rounds.map((r) => r.official.styleNetwork))}`);
  for (const thread of ['worker', 'main'] as const) log(`new painting at 384², ${thread}: ${each(rounds.map((r) => r.ours[thread]))}`);
  // The quickest round of each: what each gets when the shared host leaves it alone.
  const fastestOfficial = (r: OfficialTimings) => r.styleNetwork + Math.min(...Object.values(r.transformers));
  const quickest = { official: Math.min(...rounds.map((r) => fastestOfficial(r.official))), worker: Math.min(...rounds.map((r) => r.ours.worker)) };
  return { official: officialTimings, newPainting: { worker: median(rounds.map((r) => r.ours.worker)), main: median(rounds.map((r) => r.ours.main)) }, quickest };
}

/** The engine itself (main thread, one thread): each network, the seed, kernel profiles, a leak check. */
async function engineRuns(results: Record<string, any>, style256: ImageBitmap, contents: Map<number, ImageBitmap>) {
  results.downloadBytes = await downloadSizes();

  // Load every engine first; the first load also starts the shared TF.js runtime (wasm compile).
  const engines: Record<string, Networks> = {};
  results.loadMs = {};
  for (const { id } of SHIPPED_MODEL_SETS) {
    const t0 = performance.now();
    engines[id] = await Networks.load(id, { backend: 'wasm' });
    results.loadMs[id] = performance.now() - t0;
  }
  const engine = engines[DEFAULT_MODEL_SET];
  const { tf } = engine.runtime;
  results.backend = tf.getBackend();
  results.wasmSimd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');

  // (a) style network: all sets share the same file, so the default set stands for all.
  results.styleNetwork = await time('style network 256²', () => engine.styleVector(style256));
  const vector = await engine.styleVector(style256);

  // (b) our transformers, end to end through engine.stylize (pixels in, ImageData out).
  results.transformer = {};
  for (const { id } of SHIPPED_MODEL_SETS) {
    results.transformer[id] = {};
    const sizes = id === DEFAULT_MODEL_SET ? [...SIZES, BIG] : SIZES;
    for (const n of sizes) {
      results.transformer[id][n] = await time(`${id} ${n}²`, () => engines[id].stylize(contents.get(n)!, vector));
    }
  }

  // (c) where the time goes, per kernel.
  results.profile = { [`style network 256²`]: await profileKernels(engine, () => engine.styleVector(style256)) };
  for (const n of [256, 512, BIG]) {
    results.profile[`transformer ${n}²`] = await profileKernels(engine, () => engine.stylize(contents.get(n)!, vector));
  }

  // (d) the seed's separable TF.js transformer as a speed baseline. Its style network is not
  // available offline, so a random style vector stands in: fine for timing, not for pictures.
  const seed: GraphModel = await engine.runtime.loadGraphModel(SEED_URL);
  const seedVector = tf.randomUniform([1, 1, 1, 100]);
  results.seed = {};
  for (const n of [256, 512]) {
    const bitmap = contents.get(n)!;
    // Same work as engine.stylize up to the read-back: pixels → [0,1] floats → model → data().
    results.seed[n] = await time(`seed separable ${n}²`, async () => {
      const output = tf.tidy(() => {
        const pixels = tf.expandDims(tf.div(tf.cast(tf.browser.fromPixels(bitmap), 'float32'), 255), 0);
        return seed.execute({ Placeholder: pixels, Placeholder_1: seedVector }) as Tensor;
      });
      await output.data();
      output.dispose();
    });
  }
  seedVector.dispose();
  seed.dispose();

  // (e) leak check: tensors alive must not grow with the number of runs.
  const before = tf.memory().numTensors;
  for (let i = 0; i < LEAK_RUNS; i++) await engine.stylize(contents.get(256)!, vector);
  const afterStylize = tf.memory().numTensors;
  for (let i = 0; i < LEAK_RUNS; i++) await engine.styleVector(style256);
  results.leak = { runs: LEAK_RUNS, before, afterStylize, afterStyleVector: tf.memory().numTensors };
  log(`leak check: ${JSON.stringify(results.leak)}`);
}

main().then(
  (results) => {
    out.textContent = JSON.stringify(results, null, 2);
    window.benchResults = results;
  },
  (error) => {
    const message = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
    out.textContent = `FAILED: ${message}`;
    window.benchError = message;
  },
);
