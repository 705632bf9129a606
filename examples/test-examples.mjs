#!/usr/bin/env node
// Proves that the packed tarball works in each example app: packs the package, installs the tarball into every
// example, builds it (production, plus dev for Vite and webpack), serves the result on 127.0.0.1 and opens it in
// headless Chromium until the element announces a stylized result, then checks the painted canvas.
//
//   node examples/test-examples.mjs [--only react,vue] [--no-pack]
//
// Environment: CHROME_PATH (default /usr/bin/chromium), STYLE_TRANSFER_SHARED_DIR (default ../shared, from the
// repository root; its images/ folder is served read-only at /images/).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.mjs';

const examplesDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(examplesDir, '..');
const packDir = path.join(examplesDir, '.pack');
const tarball = path.join(packDir, 'style-transfer-element.tgz');
const unpackedDir = path.join(packDir, 'unpacked');
const imagesDir = path.resolve(repoRoot, process.env.STYLE_TRANSFER_SHARED_DIR ?? '../shared', 'images');

const RESULT_TIMEOUT_MS = 120_000;
const COMMAND_TIMEOUT_MS = 15 * 60_000;
const EXPECTED = { width: 256, height: 256 };

/** Each example: how to build it and which checks to run on the result. */
const EXAMPLES = {
  'plain-html': {
    install: false,
    checks: [
      { mode: 'cdn', kind: 'cdn' },
      // Served with COOP + COEP: the worker's WebAssembly then computes on every core.
      { mode: 'cdn, cross-origin isolated', kind: 'cdn', isolated: true },
      // The package on another origin (with CORS), as from jsDelivr: its worker must still start.
      { mode: 'cdn, package on another origin', kind: 'cdn', crossOrigin: true },
      // docs/csp.md's policy for the package on a CDN, on every response of both origins.
      { mode: 'cdn, package on another origin, strict CSP and Trusted Types', kind: 'cdn', crossOrigin: true, csp: 'cdn' },
      // The README's snippet as written (a version range), on jsDelivr's layout, which answers the bare
      // package URL with the file itself: the file's siblings must be found from the URL the README gives.
      { mode: 'cdn, the README snippet on jsDelivr\'s layout', kind: 'cdn', crossOrigin: true, readme: true },
    ],
  },
  'vite-vanilla': {
    checks: [
      { mode: 'production', kind: 'static', build: ['npm', 'run', 'build'], out: 'dist' },
      { mode: 'production, cross-origin isolated', kind: 'static', build: ['npm', 'run', 'build'], out: 'dist', isolated: true },
      // docs/csp.md's policy for each setup, on every response: the worker script's sets the worker's own policy.
      { mode: 'production, strict CSP and Trusted Types', kind: 'static', build: ['npm', 'run', 'build'], out: 'dist', csp: 'same-origin' },
      { mode: 'production, strict CSP and Trusted Types, cross-origin isolated', kind: 'static', build: ['npm', 'run', 'build'], out: 'dist', isolated: true, csp: 'isolated' },
      { mode: 'dev', kind: 'vite-dev' },
    ],
  },
  webpack: {
    checks: [
      { mode: 'production', kind: 'static', build: ['npm', 'run', 'build'], out: 'dist' },
      { mode: 'production, cross-origin isolated', kind: 'static', build: ['npm', 'run', 'build'], out: 'dist', isolated: true },
      { mode: 'dev', kind: 'static', build: ['npm', 'run', 'build:dev'], out: 'dist-dev' },
    ],
  },
  react: { checks: [{ mode: 'production', kind: 'static', build: ['npm', 'run', 'build'], out: 'dist' }] },
  vue: { checks: [{ mode: 'production', kind: 'static', build: ['npm', 'run', 'build'], out: 'dist' }] },
  angular: {
    clean: ['.angular/cache'],
    checks: [{ mode: 'production', kind: 'static', build: ['npm', 'run', 'build'], out: 'dist/browser' }],
  },
  // Static exports from both of Next 16's bundlers. Its build cache knows packages by version: cleared, so a
  // repacked tarball is never hidden by it.
  nextjs: {
    clean: ['.next'],
    checks: [
      { mode: 'production, Turbopack', kind: 'static', build: ['npm', 'run', 'build'], out: 'out' },
      { mode: 'production, webpack', kind: 'static', build: ['npm', 'run', 'build:webpack'], out: 'out' },
    ],
  },
  astro: { checks: [{ mode: 'production', kind: 'static', build: ['npm', 'run', 'build'], out: 'dist' }] },
};

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.tflite': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

const log = (line) => process.stderr.write(`# ${line}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const tail = (text, lines = 25) => text.trimEnd().split('\n').slice(-lines).join('\n');

class CheckFailure extends Error {}

/** Child processes run in their own process groups; end them if this script is interrupted. */
const children = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) killGroup(child);
    process.exit(130);
  });
}

/** Starts a command in its own process group (so it can be killed with its children), collecting its output. */
function startChild(cmd, args, { cwd, env = {} }) {
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, FORCE_COLOR: '0', CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  child.on('close', () => children.delete(child));
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return { child, output: () => output };
}

/** Runs a command; resolves with its combined output, rejects (CheckFailure) with the output's tail on failure. */
function run(cmd, args, { cwd, timeoutMs = COMMAND_TIMEOUT_MS } = {}) {
  return new Promise((resolve, reject) => {
    const { child, output } = startChild(cmd, args, { cwd, env: { npm_config_update_notifier: 'false', NG_CLI_ANALYTICS: 'false' } });
    const timer = setTimeout(() => killGroup(child), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new CheckFailure(`${cmd} ${args.join(' ')}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output());
      else {
        const failure = new CheckFailure(`\`${cmd} ${args.join(' ')}\` in ${path.relative(repoRoot, cwd) || '.'} exited ${code ?? signal}`);
        failure.details = tail(output());
        reject(failure);
      }
    });
  });
}

function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}

async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

// ---------------------------------------------------------------------------------------------------------------
// Packing

async function pack() {
  await fsp.rm(packDir, { recursive: true, force: true });
  await fsp.mkdir(packDir, { recursive: true });
  const started = Date.now();
  await run('npm', ['pack', '--pack-destination', packDir], { cwd: repoRoot });
  const files = (await fsp.readdir(packDir)).filter((name) => name.endsWith('.tgz'));
  if (files.length !== 1) throw new CheckFailure(`npm pack wrote ${files.length} tarballs to ${packDir}`);
  await fsp.rename(path.join(packDir, files[0]), tarball);
  log(`packed ${files[0]} → examples/.pack/style-transfer-element.tgz (${(fs.statSync(tarball).size / 1e6).toFixed(1)} MB, ${seconds(Date.now() - started)})`);
}

async function unpack() {
  await fsp.rm(unpackedDir, { recursive: true, force: true });
  await fsp.mkdir(unpackedDir, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', unpackedDir], { cwd: repoRoot });
  return JSON.parse(await fsp.readFile(path.join(unpackedDir, 'package', 'package.json'), 'utf8'));
}

// ---------------------------------------------------------------------------------------------------------------
// Serving: static folders (mounted at URL prefixes) and, for dev servers, a proxy for everything else.

/**
 * The Content-Security-Policy docs/csp.md gives for `setup` (same-origin, isolated or cdn: the fenced block after
 * its `<!-- csp: setup -->` marker), as one header value: so the checks run under exactly the documented policy.
 * The CDN's origin in it (jsDelivr's) becomes `cdnOrigin`. `page` adds what the example page itself needs, not
 * the element: `default-src 'self'` (nothing else is allowed), its favicon (`img-src data:`), and the hashes of
 * its own inline script and style attributes. Violations are also reported to /__csp-report (workers' included).
 */
function documentedCsp(setup, { cdnOrigin, page = {} } = {}) {
  const docs = fs.readFileSync(path.join(repoRoot, 'docs/csp.md'), 'utf8');
  const block = new RegExp(`<!-- csp: ${setup} -->\\s*\`\`\`\\n([^\`]+)\`\`\``).exec(docs);
  if (!block) throw new CheckFailure(`docs/csp.md has no policy marked <!-- csp: ${setup} -->`);
  const directives = new Map(
    block[1]
      .replaceAll('https://cdn.jsdelivr.net', cdnOrigin ?? 'https://cdn.jsdelivr.net')
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );
  const add = (name, values) => directives.set(name, [...(directives.get(name) ?? []), ...values]);
  add('default-src', ["'self'"]);
  add('img-src', ["'self'", 'data:']);
  if (page.scripts?.length) add('script-src', page.scripts);
  if (page.styleAttributes?.length) add('style-src', ["'unsafe-hashes'", ...page.styleAttributes]);
  add('report-uri', ['/__csp-report']);
  return [...directives].map(([name, values]) => [name, ...values].join(' ')).join('; ');
}

/** CSP hash sources for a page's inline scripts and style attributes. */
function inlineHashes(html) {
  const hash = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  return {
    scripts: [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(([, text]) => hash(text)),
    styleAttributes: [...new Set([...html.matchAll(/\sstyle="([^"]*)"/g)].map(([, text]) => hash(text)))],
  };
}

/** The headers that make a page cross-origin isolated (SharedArrayBuffer, so multi-threaded WebAssembly). */
const ISOLATION_HEADERS = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** `csp`: a Content-Security-Policy for every response; the violations browsers report to /__csp-report go to `cspReports`. */
function createServer({ mounts, root, upstreamPort, isolated = false, csp, cspReports = [], cors = false }) {
  // Longest prefix first; `root` (if any) is the fallback mount at '/'.
  const table = [...Object.entries(mounts)].sort((a, b) => b[0].length - a[0].length);
  if (root) table.push(['/', root]);

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      const pathname = decodeURIComponent(url.pathname);
      if (pathname === '/__csp-report' && req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += chunk;
        cspReports.push(body);
        return send(res, 204, '');
      }
      const mount = table.find(([prefix]) => pathname.startsWith(prefix));
      if (!mount && upstreamPort) return proxy(req, res, upstreamPort);
      if (!mount || !['GET', 'HEAD'].includes(req.method)) return send(res, 404, 'not found');
      const [prefix, dir] = mount;
      let file = path.resolve(dir, `.${path.posix.normalize(`/${pathname.slice(prefix.length)}`)}`);
      if (file !== dir && !file.startsWith(dir + path.sep)) return send(res, 403, 'forbidden');
      let stat = await fsp.stat(file).catch(() => null);
      if (stat?.isDirectory()) {
        file = path.join(file, 'index.html');
        stat = await fsp.stat(file).catch(() => null);
      }
      if (!stat?.isFile()) return send(res, 404, 'not found');
      const policy = typeof csp === 'function' ? csp() : csp;
      res.writeHead(200, {
        'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': stat.size,
        'cache-control': 'no-cache',
        ...(isolated ? ISOLATION_HEADERS : {}),
        ...(policy ? { 'content-security-policy': policy } : {}),
        ...(cors ? { 'access-control-allow-origin': '*' } : {}),
      });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
    } catch (error) {
      send(res, 500, String(error));
    }
  });

  if (upstreamPort) {
    // WebSocket upgrades (Vite's HMR client) go straight through to the dev server.
    server.on('upgrade', (req, socket, head) => {
      const upstream = net.connect(upstreamPort, '127.0.0.1', () => {
        const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n');
        upstream.write(`${req.method} ${req.url} HTTP/${req.httpVersion}\r\n${headers}\r\n\r\n`);
        if (head?.length) upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
  }
  return server;
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function proxy(req, res, port) {
  const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (up) => {
    res.writeHead(up.statusCode, up.headers);
    up.pipe(res);
  });
  upstream.on('error', (error) => send(res, 502, String(error)));
  req.pipe(upstream);
}

async function listen(server) {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${server.address().port}`;
}

async function closeServer(server) {
  server.closeAllConnections?.();
  await new Promise((resolve) => server.close(resolve));
}

// ---------------------------------------------------------------------------------------------------------------
// The browser check

/**
 * Opens `url` in a fresh browser context; waits for the page's marker (`data-stylized` or `data-error` on <body>)
 * and checks the element's canvas. Returns a one-line summary; throws CheckFailure with the reason.
 */
async function checkPage(browser, url, { brokenElement = false, expectedFailures = [], isolated = false, otherOrigins = [], cspReports } = {}) {
  const context = await browser.createBrowserContext();
  const problems = new Set();
  const expected = (u) => expectedFailures.some((part) => u.includes(part)) || u.endsWith('/favicon.ico');
  try {
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const where = msg.location()?.url ?? '';
      if (!expected(where) && !expected(msg.text())) problems.add(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
    });
    page.on('pageerror', (error) => problems.add(`page error: ${error?.message ?? error}`));
    page.on('requestfailed', (req) => {
      if (!expected(req.url())) problems.add(`request failed: ${req.url()} (${req.failure()?.errorText})`);
    });
    // No pixel leaves the machine: every request of the visit (load, stylize, restyle) goes to the page's own origin.
    const origins = new Set();
    page.on('request', (req) => /^(data|blob):/.test(req.url()) || origins.add(new URL(req.url()).origin));
    page.on('response', (res) => {
      if (res.status() >= 400 && !expected(res.url())) problems.add(`HTTP ${res.status()}: ${res.url()}`);
    });
    // When the first `stylized` event fired, in ms since navigation start (it bubbles and is composed), and its detail.
    await page.evaluateOnNewDocument(() => {
      addEventListener('stylized', (e) => (window.__stylized ??= { at: performance.now(), backend: e.detail?.backend, model: e.detail?.model, thread: e.detail?.thread, threads: e.detail?.threads }), { capture: true });
      // The page's own Content-Security-Policy violations (the worker's reach the server's /__csp-report).
      addEventListener('securitypolicyviolation', (e) => (window.__violations ??= []).push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}${e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : ''}`));
    });

    const started = Date.now();
    await page.goto(url, { waitUntil: 'load', timeout: RESULT_TIMEOUT_MS });
    const marker = await waitFor(
      page,
      () => (document.body?.dataset.stylized || document.body?.dataset.error ? { ...document.body.dataset } : null),
      started,
    );
    const wallMs = Date.now() - started;
    const fail = (reason) => {
      throw new CheckFailure([reason, ...problems].join('; '));
    };
    if (!marker) fail(`no stylized/error marker within ${RESULT_TIMEOUT_MS / 1000} s (output: ${await outputText(page)})`);
    if (marker.error) fail(`error event: ${marker.error}`);
    if (marker.stylized !== `${EXPECTED.width}x${EXPECTED.height}`) fail(`stylized marker says ${marker.stylized}, expected ${EXPECTED.width}x${EXPECTED.height}`);

    const canvas = await page.evaluate(inspectCanvas, '/images/content/beach.jpg');
    if (canvas.error) fail(canvas.error);
    if (canvas.width !== EXPECTED.width || canvas.height !== EXPECTED.height) fail(`canvas is ${canvas.width}×${canvas.height}, expected ${EXPECTED.width}×${EXPECTED.height}`);
    if (!canvas.visible) fail('canvas is not visible');
    if (canvas.std < 8 || canvas.alpha < 250) fail(`canvas looks blank (luma σ ${canvas.std.toFixed(1)}, mean alpha ${canvas.alpha.toFixed(0)})`);
    if (canvas.diffFromPhoto < 8) fail(`canvas is just the photo (mean |Δ| ${canvas.diffFromPhoto.toFixed(1)} / 255)`);

    let extra = '';
    if (brokenElement) {
      const broken = await waitFor(page, () => {
        const el = document.getElementById('broken');
        if (!el?.hasAttribute('error')) return null;
        const part = el.shadowRoot?.querySelector('[part~="error"]');
        const rect = part?.getBoundingClientRect();
        const style = part && getComputedStyle(part);
        return {
          attr: el.getAttribute('error'),
          part: !!part,
          text: part?.textContent.trim() ?? '',
          visible: !!part && rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.display !== 'none',
        };
      }, started);
      if (!broken) fail('broken element: no `error` attribute');
      if (broken.attr !== 'content-load') fail(`broken element: error="${broken.attr}", expected "content-load"`);
      if (!broken.part) fail('broken element: no [part="error"] in its shadow root');
      if (!broken.visible || !broken.text) fail(`broken element: [part="error"] is ${broken.visible ? 'empty' : 'not visible'}`);
      extra = `; broken element shows error="${broken.attr}": ${JSON.stringify(broken.text.length > 70 ? `${broken.text.slice(0, 70)}…` : broken.text)}`;
    }
    // The visit goes on: a new painting paints again.
    const restyled = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const el = document.querySelector('style-transfer');
          const timer = setTimeout(() => resolve(false), 60_000);
          el.addEventListener('stylized', () => (clearTimeout(timer), resolve(true)), { once: true });
          el.setAttribute('style-src', '/images/style/udnie.jpg');
        }),
    );
    if (!restyled) fail('no new result within 60 s after changing style-src');
    // The bundle carries the whole engine: a tiled run (4 tiles), then `live` on a canvas for 3 frames.
    const moving = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const el = document.querySelector('style-transfer');
          const timer = setTimeout(() => resolve({ error: 'timed out after 60 s' }), 60_000);
          const done = (value) => (clearTimeout(timer), resolve(value));
          let tiles = 0;
          el.addEventListener('progress', (e) => e.detail.phase === 'tile' && (tiles = e.detail.total));
          el.addEventListener('error', (e) => done({ error: `${e.detail.type}: ${e.detail.message}` }), { once: true });
          el.addEventListener('stylized', () => {
            const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 48 });
            const context = canvas.getContext('2d');
            const draw = setInterval(() => context.fillRect(Math.random() * 64, Math.random() * 48, 8, 8), 30);
            el.addEventListener('frame', (e) => {
              if (e.detail.frames < 3) return;
              clearInterval(draw);
              el.live = false;
              done({ tiles, frames: e.detail.frames, fps: e.detail.fps });
            });
            Object.assign(el, { content: canvas, live: true });
          }, { once: true });
          el.setAttribute('tile-size', '128');
        }),
    );
    if (moving.error) fail(`tiles and live: ${moving.error}`);
    if (moving.tiles !== 4) fail(`the tiled run reported ${moving.tiles} tiles, expected 4`);
    extra += `; tiled (${moving.tiles} tiles), then live (${moving.frames} frames, ${moving.fps.toFixed(1)} fps)`;
    const violations = [...((await page.evaluate(() => window.__violations)) ?? []), ...(cspReports ?? []).map(cspReportText)];
    if (violations.length) fail(`Content-Security-Policy violations: ${[...new Set(violations)].join('; ')}`);
    if (problems.size) fail('page reported problems');
    const foreign = [...origins].filter((origin) => origin !== new URL(url).origin && !otherOrigins.includes(origin));
    if (foreign.length) fail(`the page contacted other origins: ${foreign.join(', ')}`);

    const event = await page.evaluate(() => window.__stylized);
    // The element falls back to the main thread when its worker cannot load: here that is a packaging bug.
    if (event?.thread !== 'worker') fail(`the networks ran on the ${event?.thread} thread: the bundled worker did not start`);
    if (isolated && !(event?.threads > 1)) fail(`the page is cross-origin isolated but WebAssembly computed on ${event?.threads} thread(s)`);
    const ms = Math.round(event?.at ?? wallMs);
    return `painted ${canvas.width}×${canvas.height} (σ ${canvas.std.toFixed(0)}, Δphoto ${canvas.diffFromPhoto.toFixed(0)}), stylized event after ${ms} ms (${event?.backend} × ${event?.threads} threads, ${event?.model}, ${event.thread})${extra}`;
  } catch (error) {
    if (error instanceof CheckFailure) throw error;
    throw new CheckFailure([error.message, ...problems].join('; '));
  } finally {
    await context.close().catch(() => {});
  }
}

/** One line for a report POSTed to report-uri (`{"csp-report": {...}}`). */
function cspReportText(body) {
  try {
    const report = JSON.parse(body)['csp-report'] ?? {};
    const where = report['source-file'] ? ` (${report['source-file']}:${report['line-number']})` : '';
    return `${report['effective-directive'] ?? report['violated-directive']} blocked ${report['blocked-uri'] || 'inline'}${where} [reported by ${report['document-uri']}]`;
  } catch {
    return `report: ${body.slice(0, 200)}`;
  }
}

/** Polls `fn` in the page until it returns something truthy; survives reloads (Vite dev may reload once). */
async function waitFor(page, fn, started) {
  while (Date.now() - started < RESULT_TIMEOUT_MS) {
    try {
      const value = await page.evaluate(fn);
      if (value) return value;
    } catch (error) {
      if (!/context was destroyed|Cannot find context|detached/i.test(error.message)) throw error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

async function outputText(page) {
  return page.evaluate(() => document.querySelector('#result, output')?.textContent ?? '(no output element)').catch(() => '?');
}

/** Runs in the page: size, visibility and pixel statistics of the first <style-transfer>'s canvas. */
async function inspectCanvas(photoUrl) {
  const el = document.querySelector('style-transfer');
  if (!el) return { error: 'no <style-transfer> in the page' };
  const canvas = el.shadowRoot?.querySelector('canvas');
  if (!canvas) return { error: 'no <canvas> in the element\'s shadow root' };
  const { width, height } = canvas;
  const rect = canvas.getBoundingClientRect();
  const visible = !canvas.hidden && rect.width > 0 && rect.height > 0 && getComputedStyle(canvas).visibility !== 'hidden';
  if (!width || !height) return { width, height, visible, std: 0, alpha: 0, diffFromPhoto: 0 };
  const pixels = (source) => {
    const c = document.createElement('canvas');
    c.width = width;
    c.height = height;
    const ctx = c.getContext('2d');
    ctx.drawImage(source, 0, 0, width, height);
    return ctx.getImageData(0, 0, width, height).data;
  };
  const out = pixels(canvas);
  const photo = await new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(pixels(img));
    img.onerror = () => resolve(null);
    img.src = photoUrl;
  });
  let sum = 0, sum2 = 0, alpha = 0, diff = 0;
  const n = width * height;
  for (let i = 0; i < out.length; i += 4) {
    const y = 0.299 * out[i] + 0.587 * out[i + 1] + 0.114 * out[i + 2];
    sum += y;
    sum2 += y * y;
    alpha += out[i + 3];
    if (photo) diff += (Math.abs(out[i] - photo[i]) + Math.abs(out[i + 1] - photo[i + 1]) + Math.abs(out[i + 2] - photo[i + 2])) / 3;
  }
  const mean = sum / n;
  return { width, height, visible, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), alpha: alpha / n, diffFromPhoto: photo ? diff / n : 255 };
}

// ---------------------------------------------------------------------------------------------------------------
// Per-example steps

async function install(name) {
  const dir = path.join(examplesDir, name);
  // A stale copy of the package (or Vite's pre-bundle of it) must never hide a change.
  for (const stale of ['node_modules/style-transfer-element', 'node_modules/.package-lock.json', 'node_modules/.vite', ...(EXAMPLES[name].clean ?? [])]) {
    await fsp.rm(path.join(dir, stale), { recursive: true, force: true });
  }
  const started = Date.now();
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: dir });
  const installed = JSON.parse(await fsp.readFile(path.join(dir, 'node_modules/style-transfer-element/package.json'), 'utf8'));
  log(`${name}: npm install (${seconds(Date.now() - started)}; style-transfer-element ${installed.version})`);
}

async function runCheck(browser, name, check, pkg) {
  const dir = path.join(examplesDir, name);
  const mounts = { '/images/': imagesDir };
  const cleanup = [];
  try {
    if (check.kind === 'cdn') {
      const field = pkg.jsdelivr ?? pkg.unpkg;
      if (!field) throw new CheckFailure('the package.json in the tarball has no `jsdelivr` field');
      const cdnPath = `/npm/${pkg.name}@${pkg.version}/${path.posix.normalize(field).replace(/^\.?\//, '')}`;
      const html = await fsp.readFile(path.join(dir, 'index.html'), 'utf8');
      if (!html.includes(`src="${cdnPath}"`)) throw new CheckFailure(`index.html does not load ${cdnPath} (the tarball's jsdelivr field is "${field}")`);
      if (!fs.existsSync(path.join(unpackedDir, 'package', field))) throw new CheckFailure(`the tarball has no ${field} (its jsdelivr field)`);
      const packageDir = path.join(unpackedDir, 'package');
      const packageMount = { [`/npm/${pkg.name}@${pkg.version}/`]: packageDir };
      let loaded = cdnPath;
      if (check.readme) {
        const readme = await fsp.readFile(path.join(repoRoot, 'README.md'), 'utf8');
        const snippet = new RegExp(`src="https://cdn\\.jsdelivr\\.net(/npm/${pkg.name}@([^/"]+)[^"]*)"`).exec(readme);
        if (!snippet) throw new CheckFailure('README.md has no <script src="https://cdn.jsdelivr.net/npm/…"> snippet');
        const [, readmePath, range] = snippet;
        // jsDelivr: /npm/name@range/… is the package, and /npm/name@range alone is its main file, with no redirect.
        Object.assign(packageMount, { [`/npm/${pkg.name}@${range}/`]: packageDir, [`/npm/${pkg.name}@${range}`]: path.join(packageDir, field) });
        loaded = readmePath;
      }
      let root = dir;
      const otherOrigins = [];
      const cspReports = [];
      let csp;
      if (check.crossOrigin) {
        // A second server plays the CDN; the page's copy of index.html loads the package from it.
        const cdn = createServer({ mounts: packageMount, cors: true, csp: () => csp, cspReports });
        cleanup.push(() => closeServer(cdn));
        const cdnBase = await listen(cdn);
        if (check.csp) csp = documentedCsp(check.csp, { cdnOrigin: cdnBase, page: inlineHashes(html) });
        otherOrigins.push(cdnBase);
        root = path.join(packDir, 'cross-origin-page');
        await fsp.mkdir(root, { recursive: true });
        await fsp.writeFile(path.join(root, 'index.html'), html.replace(`src="${cdnPath}"`, `src="${cdnBase}${loaded}"`));
      } else {
        Object.assign(mounts, packageMount);
        if (check.csp) csp = documentedCsp(check.csp, { page: inlineHashes(html) });
      }
      const server = createServer({ mounts, root, isolated: check.isolated, csp, cspReports });
      cleanup.push(() => closeServer(server));
      const base = await listen(server);
      const checked = await checkPage(browser, `${base}/`, { brokenElement: true, expectedFailures: ['/images/content/missing.jpg'], isolated: check.isolated, otherOrigins, cspReports });
      return csp ? `${checked}; no CSP violation under docs/csp.md's "${check.csp}" policy` : checked;
    }

    if (check.kind === 'vite-dev') {
      const port = await freePort();
      const bin = path.join(dir, 'node_modules/.bin/vite');
      const { child, output } = startChild(bin, ['--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: dir });
      cleanup.push(async () => {
        killGroup(child);
        if (child.exitCode === null && child.signalCode === null) await once(child, 'close');
      });
      await waitForHttp(`http://127.0.0.1:${port}/`, child, output);
      const server = createServer({ mounts, upstreamPort: port });
      cleanup.push(() => closeServer(server));
      const base = await listen(server);
      try {
        return await checkPage(browser, `${base}/`);
      } catch (error) {
        if (/error/i.test(output())) error.details = tail(output(), 15);
        throw error;
      }
    }

    // Static build output.
    const started = Date.now();
    await run(check.build[0], check.build.slice(1), { cwd: dir });
    log(`${name} (${check.mode}): ${check.build.join(' ')} (${seconds(Date.now() - started)})`);
    const out = path.join(dir, check.out);
    if (!fs.existsSync(path.join(out, 'index.html'))) throw new CheckFailure(`the build wrote no ${check.out}/index.html`);
    const cspReports = [];
    const csp = check.csp && documentedCsp(check.csp, { page: inlineHashes(await fsp.readFile(path.join(out, 'index.html'), 'utf8')) });
    const server = createServer({ mounts, root: out, isolated: check.isolated, csp, cspReports });
    cleanup.push(() => closeServer(server));
    const base = await listen(server);
    const checked = await checkPage(browser, `${base}/`, { isolated: check.isolated, cspReports });
    return csp ? `${checked}; no CSP violation under docs/csp.md's "${check.csp}" policy` : checked;
  } finally {
    for (const step of cleanup.reverse()) await step();
  }
}

/** Paths named by the package.json fields a consumer's tools read (exports with `*` patterns are skipped). */
function packageJsonTargets(pkg) {
  const targets = new Set();
  for (const field of ['main', 'module', 'types', 'typings', 'unpkg', 'jsdelivr', 'customElements']) {
    if (typeof pkg[field] === 'string') targets.add(pkg[field]);
  }
  const walk = (value) => {
    if (typeof value === 'string') targets.add(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(pkg.exports);
  return [...targets].filter((target) => !target.includes('*')).map((target) => path.posix.normalize(target).replace(/^\.?\//, ''));
}

async function waitForHttp(url, child, output) {
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (child.exitCode !== null) {
      const failure = new CheckFailure(`the dev server exited ${child.exitCode}`);
      failure.details = tail(output());
      throw failure;
    }
    const ok = await new Promise((resolve) => {
      http.get(url, (res) => { res.resume(); resolve(res.statusCode < 500); }).on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new CheckFailure(`the dev server did not answer within 60 s`);
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const args = process.argv.slice(2);
  const onlyIndex = args.findIndex((a) => a === '--only' || a.startsWith('--only='));
  const only = onlyIndex < 0 ? null : (args[onlyIndex].includes('=') ? args[onlyIndex].split('=')[1] : args[onlyIndex + 1] ?? '').split(',').filter(Boolean);
  const unknown = only?.filter((name) => !(name in EXAMPLES)) ?? [];
  if (unknown.length || (only && !only.length)) {
    console.error(`--only takes a comma-separated list of: ${Object.keys(EXAMPLES).join(', ')}`);
    process.exit(2);
  }
  const names = only ?? Object.keys(EXAMPLES);
  const runStarted = Date.now();
  let passed = 0;
  let failed = 0;
  const report = (ok, label, text, details) => {
    if (ok) passed++;
    else failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}: ${text}`);
    if (details) process.stderr.write(details.split('\n').map((l) => `     | ${l}`).join('\n') + '\n');
  };

  if (!fs.existsSync(imagesDir)) {
    console.error(`no images folder at ${imagesDir} (set STYLE_TRANSFER_SHARED_DIR)`);
    process.exit(2);
  }

  let pkg;
  try {
    if (!args.includes('--no-pack') || !fs.existsSync(tarball)) await pack();
    pkg = await unpack();
  } catch (error) {
    for (const name of names) for (const check of EXAMPLES[name].checks) report(false, `${name} (${check.mode})`, `npm pack failed: ${error.message}`);
    if (error.details) process.stderr.write(`${error.details}\n`);
    console.log(`examples: ${passed} passed, ${failed} failed`);
    process.exit(1);
  }

  // The tarball's own package.json: every file it names must be in the tarball.
  const missing = packageJsonTargets(pkg).filter((target) => !fs.existsSync(path.join(unpackedDir, 'package', target)));
  if (missing.length) report(false, 'tarball (package.json)', `names files that are not in the tarball: ${missing.join(', ')}`);
  else report(true, 'tarball (package.json)', `every file named by main/module/types/unpkg/jsdelivr/customElements/exports is in it`);

  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    for (const name of names) {
      const example = EXAMPLES[name];
      let installError = null;
      if (example.install !== false) {
        try {
          await install(name);
        } catch (error) {
          installError = error;
        }
      }
      for (const check of example.checks) {
        const label = `${name} (${check.mode})`;
        if (installError) {
          report(false, label, `npm install failed: ${installError.message}`, installError.details);
          continue;
        }
        try {
          report(true, label, await runCheck(browser, name, check, pkg));
        } catch (error) {
          report(false, label, error.message, error.details);
        }
      }
    }
  } finally {
    await browser.close();
  }
  log(`total ${seconds(Date.now() - runStarted)}`);
  console.log(`examples: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

await main();
