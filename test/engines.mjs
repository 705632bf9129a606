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
function freePort() {
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
async function listening(port, timeoutMs = 10_000) {
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

/** WebKitGTK's MiniBrowser through WebKitWebDriver; Xvfb gives it a display where there is none. */
export async function webkitLauncher() {
  const display = process.env.DISPLAY ?? ':99';
  if (!process.env.DISPLAY) startForTheRun('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp']);
  const port = await freePort();
  startForTheRun('WebKitWebDriver', [`--port=${port}`], { DISPLAY: display });
  await listening(port);
  return webdriverLauncher({
    automationProtocol: 'webdriver',
    hostname: '127.0.0.1',
    port,
    logLevel: 'error',
    capabilities: {
      browserName: 'MiniBrowser',
      // WebKitWebDriver speaks classic WebDriver only: no BiDi session for webdriverio to ask for.
      'wdio:enforceWebDriverClassic': true,
      'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] },
    },
  });
}
