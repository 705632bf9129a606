// Firefox and WebKit for @web/test-runner, from Debian's packages (installed by .ci/run): Firefox ESR driven by
// puppeteer-core over WebDriver BiDi, and WebKitGTK's MiniBrowser (Safari's engine) through WebKitWebDriver, in a
// virtual display of its own. Both start with the test run and stop with it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import * as puppeteer from 'puppeteer-core';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

export function firefoxLauncher() {
  return chromeLauncher({ puppeteer, launchOptions: { browser: 'firefox', executablePath: FIREFOX_PATH, headless: true } });
}

/** A port nothing listens on now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts `command` for the rest of this process: stopped when it exits. */
function startForTheRun(command, args, env = {}) {
  const child = spawn(command, args, { stdio: 'ignore', env: { ...process.env, ...env } });
  process.on('exit', () => child.kill());
  return child;
}

/** Resolves once something listens on `port` (a probe cannot take it), or rejects after `timeoutMs`. */
export async function listening(port, timeoutMs = 10_000) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const taken = await new Promise((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(true));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
    });
    if (taken) return;
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

/** What WebKitWebDriver is asked for: WebKitGTK's MiniBrowser, over classic WebDriver (it speaks no BiDi). */
export const MINIBROWSER_CAPABILITIES = {
  browserName: 'MiniBrowser',
  'wdio:enforceWebDriverClassic': true,
  'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] },
};

/** A virtual display for the rest of this process, on a number no other Xvfb holds (it picks one and says which). */
function startDisplay(timeoutMs = 10_000) {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  process.on('exit', () => xvfb.kill());
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb named no display within ${timeoutMs} ms`)), timeoutMs);
    xvfb.stdio[3].on('data', (chunk) => (text += chunk).includes('\n') && (clearTimeout(timer), resolve(`:${text.trim()}`)));
    xvfb.on('error', reject);
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it named a display`)));
  });
}

/** WebKitWebDriver on a free port for the rest of this process, in a display of its own where there is none; resolves with the port. */
export async function startWebKitDriver() {
  const display = process.env.DISPLAY ?? (await startDisplay());
  const port = await freePort();
  startForTheRun('WebKitWebDriver', [`--port=${port}`], { DISPLAY: display });
  await listening(port);
  return port;
}

/** WebKitGTK's MiniBrowser for @web/test-runner, through WebKitWebDriver. */
export async function webkitLauncher() {
  const port = await startWebKitDriver();
  return webdriverLauncher({ automationProtocol: 'webdriver', hostname: '127.0.0.1', port, logLevel: 'error', capabilities: MINIBROWSER_CAPABILITIES });
}
