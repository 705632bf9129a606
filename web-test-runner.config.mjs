import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/chromium.mjs';
import devServerConfig, { crossOriginIsolation, mimeTypes, SHARED_IMAGES, sharedImagesMiddleware, sharedPlugins, sourceAssets } from './web-dev-server.config.mjs';

/** Serves junk bytes under /corrupt-models/, to prove a broken model file gives a clear error. */
function corruptModels(context, next) {
  if (!context.path.startsWith('/corrupt-models/')) return next();
  context.type = 'application/octet-stream';
  context.body = 'this is not a TF-Lite model';
}

/** Serves the model folder under /tampered-models/ with 64 bytes flipped in the middle of each file. */
function tamperedModels(context, next) {
  if (!context.path.startsWith('/tampered-models/')) return next();
  const bytes = readFileSync(resolve(devServerConfig.rootDir, 'models/files', context.path.slice('/tampered-models/'.length)));
  const middle = bytes.length >> 1;
  for (let i = middle; i < middle + 64; i++) bytes[i] ^= 0xff;
  context.type = 'application/octet-stream';
  context.body = bytes;
}

/** Serves the model folder under /wrong-models/ with a transformer where the style network should be. */
function wrongModels(context, next) {
  if (!context.path.startsWith('/wrong-models/')) return next();
  const swapped = context.path.replace('style_predict_quantized_256', 'style_transfer_f16_384');
  context.url = `/models/files/${swapped.slice('/wrong-models/'.length)}`;
  return next();
}

/**
 * A server that misbehaves, for the files under /faulty/<fault>/<path> (an image under /images/, or any file of
 * the repository): `hang` never answers; `stall` sends the headers and half the body, then nothing; `drop` sends
 * half the body, then cuts the connection. Each waits for the browser to give up (or closes) by itself.
 */
function faultyServer(context, next) {
  const match = /^\/faulty\/(hang|stall|drop)(\/.*)$/.exec(context.path);
  if (!match) return next();
  const [, fault, path] = match;
  const file = path.startsWith('/images/') ? resolve(SHARED_IMAGES, path.slice('/images/'.length)) : resolve(devServerConfig.rootDir, path.slice(1));
  const bytes = readFileSync(file);
  const { req, res } = context;
  context.respond = false;
  const closed = new Promise((done) => req.on('close', done));
  if (fault !== 'hang') {
    res.writeHead(200, { 'content-type': path.endsWith('.jpg') ? 'image/jpeg' : 'application/octet-stream', 'content-length': bytes.length });
    res.write(bytes.subarray(0, bytes.length >> 1));
  }
  if (fault === 'drop') setTimeout(() => req.socket.destroy(), 50);
  return closed;
}

/** Pages under /test/isolated/ are cross-origin isolated (the test pages themselves are not): tests open them as popups. */
function isolatedPages(context, next) {
  return context.path.startsWith('/test/isolated/') ? crossOriginIsolation(context, next) : next();
}

export default {
  rootDir: devServerConfig.rootDir,
  files: ['test/**/*.test.ts'],
  nodeResolve: { browser: true },
  mimeTypes,
  middleware: [isolatedPages, sourceAssets, sharedImagesMiddleware, corruptModels, tamperedModels, wrongModels, faultyServer],
  plugins: sharedPlugins,
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 15 * 60 * 1000,
  testFramework: { config: { timeout: 180000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
};
