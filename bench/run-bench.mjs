#!/usr/bin/env node
// `npm run bench`: serves the repo with the project's dev-server config, runs bench/bench.html in
// headless Chromium (wasm backend) and prints a table. Exit 0 on success, 1 on any failure.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '@web/dev-server';
import puppeteer from 'puppeteer-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The dev-server config resolves rootDir, tsconfig.json and ../shared/images against the cwd
// (the last one at import time), so move to the repo root before importing it.
process.chdir(root);
const { default: devServerConfig } = await import('../web-dev-server.config.mjs');

const TIMEOUT_MS = 10 * 60 * 1000;
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

// Idempotent and quick when the files are already verified; fails loudly when they are missing.
const fetched = spawnSync(process.execPath, ['models/fetch-models.mjs', '--quiet'], { stdio: 'inherit' });
if (fetched.status !== 0) {
  console.error('bench: models/fetch-models.mjs failed; the benchmark needs the model files');
  process.exit(1);
}

// Download sizes first: they need no browser (prebench has built dist/).
if (spawnSync(process.execPath, ['bench/package-size.mjs'], { stdio: 'inherit' }).status !== 0) {
  console.error('bench: bench/package-size.mjs failed (is dist/ built? npm run build)');
  process.exit(1);
}
console.log('');

// Other processes on a small machine skew timings: the load averages let a reader judge that.
const loadBefore = loadavg();
let server;
let browser;
let exitCode = 1;
try {
  server = await startDevServer({
    // port 0: the OS picks a free port, so a running `npm start` does not get in the way.
    config: { ...devServerConfig, port: 0, open: false, watch: false },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
    autoExitProcess: false, // its default handler would swallow uncaught errors and keep us alive
  });
  const { port } = server.server.address();

  browser = await puppeteer.launch({
    executablePath: chromePath,
    headless: true, // puppeteer passes --headless=new, what plain --headless means in Chromium ≥ 132
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage();
  page.on('console', (msg) => { if (msg.text().startsWith('[bench]')) console.error(msg.text()); });
  page.on('pageerror', (error) => console.error(`bench: page error: ${error.message}`));
  await page.goto(`http://localhost:${port}/bench/bench.html`, { timeout: 60_000 });
  await page.waitForFunction(() => window.benchResults || window.benchError, { timeout: TIMEOUT_MS, polling: 1000 });
  const { results, error } = await page.evaluate(() => ({ results: window.benchResults, error: window.benchError }));
  if (error) throw new Error(`the bench page failed: ${error}`);
  const leaked = report(results, await browser.version());
  exitCode = leaked ? 1 : 0;
} catch (error) {
  console.error(`bench: FAILED: ${error?.stack ?? error}`);
} finally {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
}
process.exit(exitCode);

/** Prints the table; returns true when the leak check failed. */
function report(r, browserVersion) {
  const ms = (x) => (x === undefined ? '—' : x.toFixed(1));
  const perMp = (x, n) => (x === undefined ? '—' : (x / ((n * n) / 1e6)).toFixed(0));
  const ratio = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
  const row = (cells, widths) => cells.map((c, i) => (i ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
  const sizes = [256, 512, 1024];
  const widths = [24, 9, 9, 9, 10, 10, 10];

  const cpu = cpus();
  console.log(`style-transfer benchmark — backend ${r.backend} (SIMD ${r.wasmSimd ? 'on' : 'off'}, threads ${r.wasmThreads ? 'on' : 'off'}), ${browserVersion}`);
  const load = (l) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`machine: ${cpu.length} cores (${cpu[0]?.model.trim()}), navigator.hardwareConcurrency ${r.hardwareConcurrency}`);
  console.log(`load average (1/5/15 min): ${load(loadBefore)} at start, ${load(loadavg())} at end`);
  console.log('timings: median ms of 5 runs after 1 warm-up (3 runs when the warm-up takes > 2 s);');
  console.log('         end to end: ImageBitmap → tensor → model → result read back\n');

  console.log(`style network, 256² style image: ${ms(r.styleNetwork.median)} ms\n`);

  console.log(row(['transformer', ...sizes.map((n) => `${n}²`), ...sizes.map((n) => `ms/MP ${n}`)], widths));
  const lines = { ...Object.fromEntries(Object.entries(r.transformer)), 'seed separable (TF.js)': r.seed };
  for (const [name, bySize] of Object.entries(lines)) {
    const t = sizes.map((n) => bySize[n]?.median);
    console.log(row([name, ...t.map(ms), ...t.map((x, i) => perMp(x, sizes[i]))], widths));
  }
  console.log('');
  for (const id of Object.keys(r.transformer)) {
    const cells = sizes.map((n) => ratio(r.seed[n]?.median, r.transformer[id][n]?.median));
    console.log(row([`seed / ${id}`, ...cells], widths));
  }

  console.log('\ndownload sizes (bytes):');
  for (const [file, bytes] of Object.entries(r.downloadBytes)) console.log(`  ${file.padEnd(66)} ${bytes.toLocaleString('en').padStart(10)}`);

  console.log('\nthe element (attribute set → stylized event), worker vs main thread; first: a new element\'s first result;');
  console.log('re-run: median of 5 after a warm-up, each changing only strength (the transformer runs again):');
  console.log(row(['', ...sizes.map((n) => `${n}² first`), ...sizes.map((n) => `${n}² re-run`)], [24, 12, 12, 12, 12, 12, 12]));
  for (const thread of ['worker', 'main']) {
    const e = r.element[thread];
    console.log(row([thread, ...sizes.map((n) => ms(e[n].first)), ...sizes.map((n) => ms(e[n].median))], [24, 12, 12, 12, 12, 12, 12]));
  }
  console.log(row(['main / worker', '', '', '', ...sizes.map((n) => ratio(r.element.main[n].median, r.element.worker[n].median))], [24, 12, 12, 12, 12, 12, 12]));
  for (const thread of ['worker', 'main']) {
    const cells = sizes.map((n) => `${n}²: ${r.element[thread][n].longTasks} (longest ${r.element[thread][n].longestTask.toFixed(0)} ms)`);
    console.log(`main-thread long tasks during the re-runs, ${thread}: ${cells.join(', ')}`);
  }

  console.log(`\nengine load ms (the first also starts the TF.js runtime): ${Object.entries(r.loadMs).map(([id, t]) => `${id} ${t.toFixed(0)}`).join(', ')}`);

  const { runs, before, afterStylize, afterStyleVector } = r.leak;
  const leaked = afterStylize !== before || afterStyleVector !== before;
  console.log(`leak check: tensors ${before} before, ${afterStylize} after ${runs}× stylize, ${afterStyleVector} after ${runs}× styleVector → ${leaked ? 'LEAK' : 'ok'}`);
  return leaked;
}
