// The per-engine section of the benchmark: `npm run bench -- --browser firefox|webkit` (one engine) or
// `--browser all` (Chromium, Firefox and WebKit side by side); plain `npm run bench` (or `--browser chromium`) is
// the whole benchmark, in Chromium only (run-bench.mjs). Each engine starts fresh (a new profile, nothing cached
// or stored), then: a fresh page's first result at 512² through the built element and its worker
// (bench/first-result.html), returning visits to it, and bench/engines.html (the element at 512², a tiled 2048²
// run, live frames at 256², the fidelity check: bench/engines-bench.ts). Firefox ESR is driven by puppeteer-core
// over WebDriver BiDi, WebKitGTK's MiniBrowser through WebKitWebDriver (test/engines.mjs's browsers), in a
// virtual display of its own where there is none. Prints one table; returns the exit code (1 if anything failed).
import { cpus, loadavg } from 'node:os';
import { startDevServer } from '@web/dev-server';
import puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.mjs';
import { FIREFOX_PATH, MINIBROWSER_CAPABILITIES, startWebKitDriver } from '../test/engines.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];
const NAMES = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKitGTK' };
/** Returning visits to the first-result page after the first (their median is reported). */
const RETURNING_VISITS = 3;
/** One visit to the first-result page (a first visit on a busy 2-core machine: 10–40 s). */
const VISIT_TIMEOUT_MS = 3 * 60_000;
/** bench/engines.html as a whole: more than the sum of its parts' own limits (engines-bench.ts), which report first. */
const PAGE_TIMEOUT_MS = 22 * 60_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with `promise`, or rejects with `what` once `ms` have passed. */
function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A browser with one page: `goto(url)` loads it (a new document: new workers, a fresh WebAssembly heap),
 * `evaluate(body)` runs a function body there and returns what it returns.
 */
async function puppeteerBrowser(options) {
  const browser = await puppeteer.launch({ headless: true, protocolTimeout: 120_000, ...options });
  try {
    const page = await browser.newPage();
    return {
      version: await browser.version(),
      goto: (url) => page.goto(url, { timeout: 60_000 }),
      evaluate: (body) => page.evaluate(`(() => { ${body} })()`),
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
}

/** WebKitGTK's MiniBrowser; its driver and display stop when this process exits. */
async function webkitBrowser() {
  const port = await startWebKitDriver();
  const browser = await remote({ hostname: '127.0.0.1', port, logLevel: 'error', capabilities: MINIBROWSER_CAPABILITIES });
  return {
    version: `WebKitGTK ${browser.capabilities.browserVersion ?? '(version not reported)'}`,
    goto: (url) => browser.url(url),
    evaluate: (body) => browser.execute(body),
    close: () => browser.deleteSession().catch(() => {}),
  };
}

function launch(engine) {
  const started =
    engine === 'chromium'
      ? puppeteerBrowser({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
      : engine === 'firefox'
        ? puppeteerBrowser({ browser: 'firefox', executablePath: FIREFOX_PATH })
        : webkitBrowser();
  return within(90_000, `starting ${NAMES[engine]}`, started);
}

/** Polls `expression` on the page until it is set, printing the page's progress lines meanwhile. */
async function waitFor(browser, engine, expression, timeoutMs, what) {
  for (const deadline = Date.now() + timeoutMs; ; await sleep(1000)) {
    const { value, lines } = await within(60_000, `${what} (asking the page)`, browser.evaluate(`return { value: ${expression} ?? null, lines: (window.benchLog ?? []).splice(0) };`));
    for (const line of lines) console.error(`[bench ${engine}] ${line}`);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: no result within ${timeoutMs / 1000} s`);
  }
}

/** One engine: first-result visits, then the engines page. Throws on a failure that leaves nothing to report. */
async function benchEngine(engine, origin) {
  const browser = await launch(engine);
  try {
    const visit = async (n) => {
      await browser.goto(`${origin}/bench/first-result.html`);
      const result = await waitFor(browser, engine, 'window.firstResult', VISIT_TIMEOUT_MS, `${NAMES[engine]}'s first-result page (visit ${n})`);
      if (result.error) throw new Error(`${NAMES[engine]}'s first-result page (visit ${n}): ${result.error}`);
      const phases = Object.entries(result.timings).map(([phase, ms]) => `${phase} ${ms.toFixed(0)}`).join(', ');
      console.error(`[bench ${engine}] first-result visit ${n}: ${result.ms.toFixed(0)} ms (${result.thread}, ${result.threads}t; ${phases})`);
      return result;
    };
    const first = await visit(1);
    const returning = [];
    for (let i = 0; i < RETURNING_VISITS; i++) returning.push(await visit(i + 2));
    returning.sort((a, b) => a.ms - b.ms);
    await browser.goto(`${origin}/bench/engines.html`);
    const page = await waitFor(browser, engine, 'window.enginesResults', PAGE_TIMEOUT_MS, `${NAMES[engine]}'s engines page`);
    if (page.error) throw new Error(`${NAMES[engine]}'s engines page: ${page.error}`);
    return { version: browser.version, first, returning, ...page };
  } finally {
    await within(30_000, `closing ${NAMES[engine]}`, browser.close()).catch((error) => console.error(`bench: ${error.message}`));
  }
}

/** Runs the per-engine section in each of `engines` and prints one table; resolves with the exit code. */
export async function runEngines(engines, { devServerConfig, crossOriginIsolation }) {
  const loadBefore = loadavg();
  const results = {};
  let server;
  try {
    // A plain page (not cross-origin isolated), as most sites are: the worker computes on one thread.
    server = await startDevServer({
      config: { ...devServerConfig, middleware: devServerConfig.middleware.filter((m) => m !== crossOriginIsolation), port: 0, open: false, watch: false },
      readCliArgs: false,
      readFileConfig: false,
      logStartMessage: false,
      autoExitProcess: false,
    });
    const origin = `http://localhost:${server.server.address().port}`;
    for (const engine of engines) {
      console.error(`bench: ${NAMES[engine]}…`);
      try {
        results[engine] = await benchEngine(engine, origin);
      } catch (error) {
        console.error(`bench: ${NAMES[engine]} FAILED: ${error?.stack ?? error}`);
        results[engine] = { error: error?.message ?? String(error) };
      }
    }
  } catch (error) {
    console.error(`bench: FAILED: ${error?.stack ?? error}`);
    return 1;
  } finally {
    await server?.stop().catch(() => {});
  }
  return report(engines, results, loadBefore) ? 0 : 1;
}

/** Prints the table; returns true when every engine gave every number. */
function report(engines, results, loadBefore) {
  const cpu = cpus();
  const load = (l) => l.map((x) => x.toFixed(2)).join(' ');
  const failures = [];
  /** A cell: `value(result)`, or what kept it from being measured. */
  const cell = (engine, part, value) => {
    const r = results[engine];
    if (r.error) return 'FAILED';
    const p = part ? r[part] : r;
    if (p === undefined) return '—';
    if (p.error) {
      failures.push(`${NAMES[engine]}, ${part}: ${p.error}`);
      return 'FAILED';
    }
    return value(p);
  };
  const ms = (x) => x.toFixed(0);
  const rows = [
    ['browser', (e) => cell(e, undefined, (r) => r.version.replace(/^(Headless)?Chrome\//, 'Chromium ').replace(/^firefox\//i, 'Firefox '))],
    ['convolutions', (e) => cell(e, 'fidelity', (f) => f.pairs[0].convolutions)],
    ['first visit 512² (ms)', (e) => cell(e, 'first', (f) => ms(f.ms))],
    [`returning visit 512² (ms, median of ${RETURNING_VISITS})`, (e) => cell(e, 'returning', (v) => ms(v[v.length >> 1].ms))],
    ['re-run 512² (ms, median of 5)', (e) => cell(e, 'rerun', (r) => ms(r.median))],
    ['tiled 2048², tiles of 512 (s)', (e) => cell(e, 'tiled', (t) => (t.ms / 1000).toFixed(1))],
    ['live 256², captureStream (fps)', (e) => cell(e, 'live', (l) => (l.video.fps === null ? `none (${l.video.why})` : l.video.fps.toFixed(1)))],
    ['live 256², canvas (fps)', (e) => cell(e, 'live', (l) => (l.canvas.fps === null ? `none (${l.canvas.why})` : l.canvas.fps.toFixed(1)))],
    ['fidelity: style cosine, worst of 3', (e) => cell(e, 'fidelity', (f) => Math.min(...f.pairs.map((p) => p.styleCosine)).toFixed(5))],
    ['fidelity: mean |Δ| /255, worst of 3', (e) => cell(e, 'fidelity', (f) => Math.max(...f.pairs.map((p) => p.meanDiff)).toFixed(2))],
  ];
  const table = rows.map(([label, value]) => [label, ...engines.map(value)]);
  const widths = engines.map((_, i) => Math.max(12, ...table.map((row) => String(row[i + 1]).length)));
  const labelWidth = Math.max(...table.map((row) => row[0].length));
  const line = (row) => [row[0].padEnd(labelWidth), ...row.slice(1).map((c, i) => String(c).padStart(widths[i]))].join('  ');

  console.log(`style-transfer benchmark, per engine — the element and its worker (wasm) on a plain page (one thread), each engine fresh`);
  console.log(`machine: ${cpu.length} cores (${cpu[0]?.model.trim()}); load average (1/5/15 min) ${load(loadBefore)} at start, ${load(loadavg())} at end`);
  console.log('first visit: a fresh profile\'s first result through dist/style-transfer.min.js (bench/first-result.html: ms from the element\'s');
  console.log('creation, TF.js, wasm and models loaded on the way); returning: the same page again (bytes cached, models and vector stored);');
  console.log('re-run: a strength change at 512²; tiled: one 2048² run in tiles of 512 (a helper worker may take tiles); live: frames painted');
  console.log('per second over 5 s on a canvas redrawn at 30 fps, as a captureStream video and as the canvas itself; fidelity: our port');
  console.log('against the official TF-Lite runtime in the same engine (test/helpers/fidelity.ts), 384², three photo × painting pairs\n');
  console.log(line(['', ...engines.map((e) => NAMES[e])]));
  for (const row of table) console.log(line(row));
  for (const engine of engines) if (results[engine].error) failures.unshift(`${NAMES[engine]}: ${results[engine].error}`);
  if (failures.length) console.log(`\nFAILED:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  return failures.length === 0;
}
