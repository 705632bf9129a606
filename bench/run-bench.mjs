#!/usr/bin/env node
// `npm run bench`: serves the repo with the project's dev-server config, runs bench/bench.html in
// headless Chromium (wasm backend) and prints a table. Exit 0 on success, 1 on any failure.
// `npm run bench -- --browser firefox|webkit`: a smaller per-engine section in that engine instead
// (bench/run-engines.mjs); `--browser all`: that section in Chromium, Firefox and WebKit, one table side by side;
// `--browser chromium` is the default, the whole benchmark above.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '@web/dev-server';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The dev-server config resolves rootDir, tsconfig.json and ../shared/images against the cwd
// (the last one at import time), so move to the repo root before importing it.
process.chdir(root);
const { default: devServerConfig, crossOriginIsolation } = await import('../web-dev-server.config.mjs');

const BROWSERS = ['chromium', 'firefox', 'webkit', 'all'];
const BROWSER = browserArgument(process.argv.slice(2));
const TIMEOUT_MS = 10 * 60 * 1000;
// BENCH_ONLY=tiles or first-result: only that section (the "Large images (tiled)" one on its own page, or a
// fresh page's first result), e.g. while working on it.
const ONLY = process.env.BENCH_ONLY;
if (ONLY !== undefined && ONLY !== 'tiles' && ONLY !== 'first-result') {
  console.error(`bench: BENCH_ONLY=${ONLY} is not a section this runner knows ("tiles" or "first-result")`);
  process.exit(1);
}
// BENCH_8192=0: the tiled section leaves out its 8192² photo (about 4× the 4096² run: 2½ minutes on one
// thread of a 2-core machine, 35 s for 4096²; the whole section about 4½ minutes).
const WITH_8192 = process.env.BENCH_8192 !== '0';
// The first-result page: returning visits timed after the first visit (their median is reported).
const RETURNING_VISITS = 5;
// The tiled section's page: generous, for slower or busier machines.
const TILES_TIMEOUT_MS = (WITH_8192 ? 20 : 10) * 60 * 1000;

// Idempotent and quick when the files are already verified; fails loudly when they are missing.
const fetched = spawnSync(process.execPath, ['models/fetch-models.mjs', '--quiet'], { stdio: 'inherit' });
if (fetched.status !== 0) {
  console.error('bench: models/fetch-models.mjs failed; the benchmark needs the model files');
  process.exit(1);
}

if (BROWSER !== 'chromium') {
  if (ONLY) {
    console.error(`bench: BENCH_ONLY=${ONLY} is a section of the Chromium benchmark; --browser ${BROWSER} runs the per-engine section`);
    process.exit(1);
  }
  const { ENGINES, runEngines } = await import('./run-engines.mjs');
  process.exit(await runEngines(BROWSER === 'all' ? ENGINES : [BROWSER], { devServerConfig, crossOriginIsolation }));
}

// Download sizes first: they need no browser (prebench has built dist/).
if (!ONLY && spawnSync(process.execPath, ['bench/package-size.mjs'], { stdio: 'inherit' }).status !== 0) {
  console.error('bench: bench/package-size.mjs failed (is dist/ built? npm run build)');
  process.exit(1);
}
console.log('');

// Other processes on a small machine skew timings: the load averages let a reader judge that.
const loadBefore = loadavg();
const servers = [];
let browser;
let exitCode = 1;
try {
  // Two servers over the same files: a plain page (as most sites are) and a cross-origin isolated one
  // (COOP + COEP: SharedArrayBuffer, so multi-threaded WebAssembly).
  const serve = async (isolated) => {
    const middleware = devServerConfig.middleware.filter((m) => isolated || m !== crossOriginIsolation);
    const server = await startDevServer({
      // port 0: the OS picks a free port, so a running `npm start` does not get in the way.
      config: { ...devServerConfig, middleware, port: 0, open: false, watch: false },
      readCliArgs: false,
      readFileConfig: false,
      logStartMessage: false,
      autoExitProcess: false, // its default handler would swallow uncaught errors and keep us alive
    });
    servers.push(server);
    return `http://localhost:${server.server.address().port}`;
  };
  const [plain, isolated] = [await serve(false), await serve(true)];

  browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true, // puppeteer passes --headless=new, what plain --headless means in Chromium ≥ 132
    args: CHROMIUM_ARGS,
    // A page's results are awaited in one protocol call (waitForFunction): let it last as long as the page may.
    protocolTimeout: Math.max(TIMEOUT_MS, TILES_TIMEOUT_MS) + 60_000,
  });
  // The tiled section runs on a page of its own (plain origin: one thread), so its WebAssembly heap starts fresh.
  const tiles = async () => (await benchPage(browser, plain, `?section=tiles${WITH_8192 ? '' : '&8192=0'}`, TILES_TIMEOUT_MS)).tiles;
  if (ONLY === 'tiles') {
    reportTiles(await tiles(), await browser.version());
    exitCode = 0;
  } else if (ONLY === 'first-result') {
    reportFirstResult({ plain: await firstResult(browser, plain), isolated: await firstResult(browser, isolated) }, await browser.version());
    exitCode = 0;
  } else {
    const results = { plain: await benchPage(browser, plain), isolated: await benchPage(browser, isolated) };
    results.firstResult = { plain: await firstResult(browser, plain), isolated: await firstResult(browser, isolated) };
    results.tiles = await tiles();
    const leaked = report(results, await browser.version());
    exitCode = leaked ? 1 : 0;
  }
} catch (error) {
  console.error(`bench: FAILED: ${error?.stack ?? error}`);
} finally {
  await browser?.close().catch(() => {});
  for (const server of servers) await server.stop().catch(() => {});
}
process.exit(exitCode);

/** The engine `--browser` names (`--browser NAME` or `--browser=NAME`; chromium when absent); exits on anything else. */
function browserArgument(args) {
  let browser = 'chromium';
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s);
    if (flag !== '--browser') {
      console.error(`bench: unknown argument "${args[i]}" (the one argument is --browser ${BROWSERS.join('|')})`);
      process.exit(1);
    }
    browser = inline ?? args[++i];
    if (!BROWSERS.includes(browser)) {
      console.error(`bench: --browser ${browser ?? '(nothing)'}: not one of ${BROWSERS.join(', ')}`);
      process.exit(1);
    }
  }
  return browser;
}

async function benchPage(browser, origin, query = '', timeout = TIMEOUT_MS) {
  const page = await browser.newPage();
  page.on('console', (msg) => { if (msg.text().startsWith('[bench]')) console.error(msg.text()); });
  page.on('pageerror', (error) => console.error(`bench: page error: ${error?.message ?? error}`));
  await page.goto(`${origin}/bench/bench.html${query}`, { timeout: 60_000 });
  await page.waitForFunction(() => window.benchResults || window.benchError, { timeout, polling: 1000 });
  const { results, error } = await page.evaluate(() => ({ results: window.benchResults, error: window.benchError }));
  await page.close();
  if (error) throw new Error(`the bench page failed: ${error}`);
  return results;
}

/**
 * A fresh page's first result at 512²: a first visit (nothing stored), then returning visits (model and wasm
 * bytes in the HTTP cache, converted models stored), taking turns between the painting the first visit stored,
 * a new one, and a new one on a page that keeps no converted models (they are converted from the cached files).
 */
async function firstResult(browser, origin) {
  const visit = async (query = '') => {
    const page = await browser.newPage();
    await page.goto(`${origin}/bench/first-result.html${query}`, { timeout: 60_000 });
    await page.waitForFunction(() => window.firstResult, { timeout: TIMEOUT_MS, polling: 100 });
    const result = await page.evaluate(() => window.firstResult);
    await page.close();
    if (result.error) throw new Error(`first-result page: ${result.error}`);
    return result;
  };
  // Earlier sections stored Udnie's vector and the converted models on this origin: forget them, so that the first visit makes them.
  const blank = await browser.newPage();
  await (await blank.createCDPSession()).send('Storage.clearDataForOrigin', { origin, storageTypes: 'cache_storage' });
  await blank.close();
  const first = await visit();
  const [stored, newPainting, unconverted] = [[], [], []];
  for (let i = 0; i < RETURNING_VISITS; i++) {
    stored.push(await visit());
    newPainting.push(await visit('?painting=new'));
    unconverted.push(await visit('?painting=new&graphs=none'));
  }
  const sorted = (visits) => visits.sort((a, b) => a.ms - b.ms);
  return { first, returning: sorted(stored), newPainting: sorted(newPainting), unconverted: sorted(unconverted) };
}

/** Milliseconds as the tables print them. */
function ms(x) {
  return x === undefined ? '—' : x.toFixed(1);
}

/** Prints the tables; returns true when the leak check failed. */
function report({ plain, isolated, firstResult: cold, tiles }, browserVersion) {
  const perMp = (x, n) => (x === undefined ? '—' : (x / ((n * n) / 1e6)).toFixed(0));
  const ratio = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
  const row = (cells, widths) => cells.map((c, i) => (i ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
  const pages = { plain, isolated };

  const cpu = cpus();
  console.log(`style-transfer benchmark — backend ${plain.backend} (SIMD ${plain.wasmSimd ? 'on' : 'off'}), ${browserVersion}`);
  const load = (l) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`machine: ${cpu.length} cores (${cpu[0]?.model.trim()}), navigator.hardwareConcurrency ${plain.hardwareConcurrency}`);
  console.log(`WebGPU: ${plain.webGpu}${plain.webGpu === 'a hardware adapter' ? '' : ', so backend="auto" (the default) keeps WebAssembly here (GPU timings: README, Browser support)'}`);
  const convolutions = (p) => (p.convolutionThreads ? `fused multiply-add kernel (direct-conv.ts), ${p.convolutionThreads} thread(s)` : "XNNPACK (no relaxed SIMD)");
  console.log(`convolutions, main thread: plain page ${convolutions(plain)}; isolated ${convolutions(isolated)}`);
  console.log(`load average (1/5/15 min): ${load(loadBefore)} at start, ${load(loadavg())} at end`);
  console.log('timings: median ms of 5 warm runs, after 3 untimed ones; "isolated": the page is cross-origin isolated (COOP + COEP), so');
  console.log('WebAssembly may compute on several threads (our worker: every core; the official runtime: hardwareConcurrency)\n');

  console.log('384², a new painting each run: style network (256²) + transformer, pixels in → pixels out; medians of 9 rounds in which');
  console.log('the official runtime and ours take turns (ours also decodes the painting and, in the worker, crosses to it and back;');
  console.log('the official runtime gets float arrays)');
  const w = [40, 12, 12];
  console.log(row(['', 'plain page', 'isolated'], w));
  for (const thread of ['worker', 'main']) {
    console.log(row([`ours, ${thread === 'worker' ? 'worker (default)' : 'main thread'}`, ...Object.values(pages).map((p) => ms(p.newPainting[thread]))], w));
  }
  const official = (p, path) => p.official.styleNetwork + p.official.transformers[path];
  const paths = Object.keys(plain.official.transformers);
  for (const path of paths) {
    const name = path.split('/').pop().replace('.tflite', '').replace('style_transfer_', '');
    console.log(row([`official TF-Lite, ${name}`, ...Object.values(pages).map((p) => `${ms(official(p, path))} (${p.official.threads}t)`)], w));
  }
  const anchor = (p) => Math.min(...paths.map((path) => official(p, path)));
  console.log(row(['fastest official 384² / ours (worker)', ...Object.values(pages).map((p) => ratio(anchor(p), p.newPainting.worker))], w));
  console.log(row(['  the same, quickest round of each', ...Object.values(pages).map((p) => ratio(p.quickest.official, p.quickest.worker))], w));

  const sizes = [256, 384, 512, 1024];
  const widths = [24, 9, 9, 9, 9, 10, 10, 10, 10];
  console.log(`\nthe engine on the main thread, plain page (one thread): style network 256² ${ms(plain.styleNetwork.median)} ms`);
  console.log(row(['transformer', ...sizes.map((n) => `${n}²`), ...sizes.map((n) => `ms/MP ${n}`)], widths));
  const lines = { ...plain.transformer, 'seed separable (TF.js)': plain.seed };
  for (const [name, bySize] of Object.entries(lines)) {
    const t = sizes.map((n) => bySize[n]?.median);
    console.log(row([name, ...t.map(ms), ...t.map((x, i) => perMp(x, sizes[i]))], widths));
  }
  for (const id of Object.keys(plain.transformer)) {
    console.log(row([`seed / ${id}`, ...sizes.map((n) => ratio(plain.seed[n]?.median, plain.transformer[id][n]?.median))], widths));
  }

  console.log('\nwhere the time goes (tf.profile, one thread): kernel ms summed by kernel, slowest first');
  for (const [what, profile] of Object.entries(plain.profile)) {
    const top = profile.top.map((k) => `${k.name} ${k.ms.toFixed(1)} (×${k.count})`).join(', ');
    console.log(`  ${what}: ${profile.totalMs.toFixed(1)} ms in kernels — ${top}`);
  }

  const ew = [26, 9, 9, 9, 9];
  console.log("\nthe element (attribute set → stylized event): re-run = median of 5 strength changes (the transformer runs again);");
  console.log("a new element's first result: after the page's first element, its painting's vector comes from the store");
  console.log(row(['re-run', ...sizes.map((n) => `${n}²`)], ew));
  for (const [page, r] of Object.entries(pages)) {
    for (const thread of ['worker', 'main']) {
      const e = r.element[thread];
      console.log(row([`${thread}, ${page} (${e[sizes[0]].threads}t)`, ...sizes.map((n) => ms(e[n].median))], ew));
    }
    console.log(row([`main / worker, ${page}`, ...sizes.map((n) => ratio(r.element.main[n].median, r.element.worker[n].median))], ew));
  }
  console.log(row(["a new element's first result", ...sizes.map((n) => `${n}²`)], ew));
  for (const [page, r] of Object.entries(pages)) {
    for (const thread of ['worker', 'main']) console.log(row([`${thread}, ${page}`, ...sizes.map((n) => ms(r.element[thread][n].first))], ew));
  }
  for (const [page, r] of Object.entries(pages)) {
    for (const thread of ['worker', 'main']) {
      const cells = sizes.map((n) => `${n}²: ${r.element[thread][n].longTasks} (longest ${r.element[thread][n].longestTask.toFixed(0)} ms)`);
      console.log(`main-thread long tasks during the re-runs, ${thread}, ${page}: ${cells.join(', ')}`);
    }
  }

  console.log('\nlive (`live` on a canvas captureStream, the photo drifting across it): frames painted per second over 8 s, after 10 frames of warm-up');
  const liveSizes = Object.keys(plain.live.worker);
  console.log(row(['fps (median ms a frame)', ...liveSizes.map((n) => `${n}²`)], [26, 14, 14, 14]));
  for (const [page, r] of Object.entries(pages)) {
    for (const thread of ['worker', 'main']) {
      const cells = liveSizes.map((n) => `${r.live[thread][n].fps.toFixed(1)} (${r.live[thread][n].frameMs.toFixed(0)})`);
      console.log(row([`${thread}, ${page}`, ...cells], [26, 14, 14, 14]));
    }
  }
  const grew = Object.values(pages).flatMap((r) => ['worker', 'main'].flatMap((thread) => Object.values(r.live[thread]).map((x) => x.tensorsGrew)));
  console.log(`  tensors grew by ${Math.max(...grew)} at most over a size's frames`);
  const { refresh } = plain.live;
  console.log(`  strength 0.5 with the frame's own style vector every 30 frames, not every frame (drifting video, 256²): ` +
    `mean abs diff ${refresh.meanDiff.toFixed(2)}/255 (worst frame ${refresh.maxDiff.toFixed(2)}); each refresh costs ${refresh.refreshMs.toFixed(0)} ms of style network`);

  console.log('');
  reportFirstResult(cold);
  console.log('');
  reportTiles(tiles);

  console.log('\ndownload sizes (bytes):');
  for (const [file, bytes] of Object.entries(plain.downloadBytes)) console.log(`  ${file.padEnd(66)} ${bytes.toLocaleString('en').padStart(10)}`);
  console.log(`\nengine load ms (the first also starts the TF.js runtime): ${Object.entries(plain.loadMs).map(([id, t]) => `${id} ${t.toFixed(0)}`).join(', ')}`);

  const { runs, before, afterStylize, afterStyleVector } = plain.leak;
  const leaked = afterStylize !== before || afterStyleVector !== before;
  console.log(`leak check: tensors ${before} before, ${afterStylize} after ${runs}× stylize, ${afterStyleVector} after ${runs}× styleVector → ${leaked ? 'LEAK' : 'ok'}`);
  return leaked;
}

/** The first-result section (bench/first-result.html), per origin; `browserVersion` when it is printed alone (BENCH_ONLY=first-result). */
function reportFirstResult(cold, browserVersion) {
  if (browserVersion) console.log(`${browserVersion}\n`);
  console.log("a fresh page's first result at 512², through dist/style-transfer.min.js (ms from the element's creation; TF.js, wasm");
  console.log(`and models loaded and compiled on the way); returning visits (bytes in the HTTP cache): the median of ${RETURNING_VISITS}, and its phases`);
  console.log('(outside: what the run itself does not time — the element and its worker starting, the result crossing back, painting)');
  const returningVisits = (label, visits) => {
    const median = visits[Math.floor(visits.length / 2)];
    const { model, decode, style, transformer, total } = median.timings;
    const phases = `outside ${ms(median.ms - total)}, model ${ms(model)}, decode ${ms(decode)}, style ${ms(style)}, transformer ${ms(transformer)}`;
    return `    ${label} ${ms(median.ms)} ms (${visits.map((r) => r.ms.toFixed(0)).join(' ')}; ${median.thread}, ${median.threads}t) = ${phases}`;
  };
  for (const [page, { first, returning, newPainting, unconverted }] of Object.entries(cold)) {
    console.log(`  ${page}: first visit ${ms(first.ms)} ms; returning:`);
    console.log(returningVisits('its painting (vector stored):      ', returning));
    console.log(returningVisits('a new painting:                    ', newPainting));
    console.log(returningVisits('a new painting, models not stored: ', unconverted));
  }

}

/** The "Large images (tiled)" section (bench/tiles-bench.ts); `browserVersion` when it is printed alone (BENCH_ONLY=tiles). */
function reportTiles({ threads, autoTileSize, comparisons, large, shared }, browserVersion) {
  if (browserVersion) console.log(`style-transfer benchmark, tiled section only — ${browserVersion}, ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  const row = (cells, widths) => cells.map((c, i) => (i ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
  const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const tiling = (r) => (r.tileSize === 0 ? 'untiled' : `${r.tiles} tiles of ${r.tileSize ?? `${autoTileSize} (auto)`}`);
  console.log(`Large images (tiled): the main-thread Stylizer, wasm, plain page (${threads}t), a page of its own; every run inside tf.profile`);
  console.log(`wall: the whole stylize call, median of ${comparisons[0]?.samples.untiled.length} alternating runs where tiled meets untiled, else one run;`);
  console.log('peak: tf.profile peakBytes (tensors alive at once); heap: WebAssembly memory after the run (never shrinks: the most any run so far needed)');
  const w = [34, 9, 8, 10, 10];
  console.log(row(['', 'wall', 's/MP', 'peak', 'heap'], w));
  const line = (r) => console.log(row([`${r.width}×${r.height} ${tiling(r)}`, s(r.ms), (r.ms / 1000 / ((r.width * r.height) / 1e6)).toFixed(2), mib(r.peakBytes), mib(r.heapBytes)], w));
  for (const c of comparisons) {
    line(c.untiled);
    line(c.tiled);
    const signed = c.meanSigned.map((x) => x.toFixed(2)).join('/');
    console.log(`  tiled / untiled ${(c.tiled.ms / c.untiled.ms).toFixed(2)}× wall; |untiled − tiled| over RGB: mean ${c.meanAbsDiff.toFixed(3)} levels, max ${c.maxAbsDiff}, ${(100 * c.over2).toFixed(2)}% over 2 levels; mean untiled − tiled R/G/B ${signed}`);
  }
  for (const entry of large) {
    if (entry.run) line(entry.run);
    else if (entry.skipped) console.log(`${entry.width}×${entry.height}: ${entry.skipped}`);
    else console.log(`${entry.width}×${entry.height}: FAILED: ${entry.error}`);
  }
  const { side, ms, tiles, helperTiles, mainThreadMs } = shared;
  const faster = mainThreadMs === undefined ? '' : ` (${(mainThreadMs / ms).toFixed(2)}× the one-thread run above)`;
  console.log(`${side}×${side} through the page's worker, which shares its tiles with a helper worker: ${s(ms)}${faster}; the helper did ${helperTiles} of ${tiles} tiles`);
}
