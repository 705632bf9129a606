// Serves the demo (and, through web-test-runner.config.mjs, the tests) straight
// from the TypeScript sources.
import { createReadStream, existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';

/**
 * TF.js packages are served as their prebundled ES modules: plain node
 * resolution of their sources breaks CommonJS dependencies (long, seedrandom).
 * Node built-ins that the wasm backend's bundle imports for Node.js get an
 * empty module (its package.json maps them to `false` for browsers).
 */
const TFJS_BUNDLES = {
  '@tensorflow/tfjs-core': 'tfjs-core/dist/tf-core.fesm.js',
  '@tensorflow/tfjs-converter': 'tfjs-converter/dist/tf-converter.fesm.js',
  '@tensorflow/tfjs-backend-wasm': 'tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js',
  '@tensorflow/tfjs-backend-webgl': 'tfjs-backend-webgl/dist/tf-backend-webgl.fesm.js',
  '@tensorflow/tfjs-backend-cpu': 'tfjs-backend-cpu/dist/tf-backend-cpu.fesm.js',
};
const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'perf_hooks', 'worker_threads', 'crypto', 'util']);
const EMPTY_MODULE = '/__empty-module.js';

export function tfjsBundles() {
  return {
    name: 'tfjs-bundles',
    serve(context) {
      if (context.path === EMPTY_MODULE) return { body: 'export default {};', type: 'js' };
    },
    resolveImport({ source }) {
      if (TFJS_BUNDLES[source]) return `/node_modules/@tensorflow/${TFJS_BUNDLES[source]}`;
      if (NODE_BUILTINS.has(source)) return EMPTY_MODULE;
    },
  };
}

/**
 * The project's real photos and paintings live in ../shared/images (never
 * committed); they are served at /images/ for the demo and the tests.
 */
const projectRoot = fileURLToPath(new URL('.', import.meta.url));
export const SHARED_IMAGES = resolve(projectRoot, process.env.STYLE_TRANSFER_SHARED_DIR ?? '../shared', 'images');

export function sharedImagesMiddleware(context, next) {
  if (!context.path.startsWith('/images/')) return next();
  const file = resolve(SHARED_IMAGES, decodeURIComponent(context.path.slice('/images/'.length)));
  if (!file.startsWith(SHARED_IMAGES) || !existsSync(file)) return next();
  context.type = extname(file) === '.png' ? 'image/png' : 'image/jpeg';
  context.body = createReadStream(file);
}

/**
 * src/asset-urls.ts points at assets/ next to itself, which the build fills
 * (dist/assets/), and at the self-contained worker it writes (dist/stylizer.worker.js);
 * in the source tree the same files come from where they live.
 */
const SOURCE_ASSETS = {
  '/src/assets/models/': '/models/files/',
  '/src/assets/wasm/': '/node_modules/@tensorflow/tfjs-backend-wasm/dist/',
};

export function sourceAssets(context, next) {
  for (const [from, to] of Object.entries(SOURCE_ASSETS)) {
    if (context.path.startsWith(from)) context.url = to + context.path.slice(from.length);
  }
  // A redirect, not a rewrite: the worker's relative imports must resolve from its real place.
  if (context.path === '/src/stylizer.worker.js') return context.redirect('/src/engine/stylizer.worker.ts');
  return next();
}

/**
 * COOP + COEP make the demo cross-origin isolated: the worker's WebAssembly then computes on every
 * core (SharedArrayBuffer). The test server leaves them out, as most pages do.
 */
export function crossOriginIsolation(context, next) {
  context.set('Cross-Origin-Opener-Policy', 'same-origin');
  context.set('Cross-Origin-Embedder-Policy', 'require-corp');
  return next();
}

/** `npm start` prints the server's root URL: send it to the demo. */
function demoAtRoot(context, next) {
  if (context.path !== '/') return next();
  context.redirect('/demo/');
}

/** `.wasm` must be served as application/wasm for streaming compilation. */
export const mimeTypes = { '**/*.wasm': 'application/wasm' };

/** tfjs-backend-cpu's bundle imports `seedrandom`, which is CommonJS: serve it as an ES module. */
const commonjs = fromRollup(rollupCommonjs);

/**
 * TypeScript to ES2022. With a target set, esbuild also re-prints every JavaScript file; the built bundles
 * in dist/ are served as built instead (re-printed, the minified worker grew from 0.57 to 2.5 MB, so every
 * first result measured here parsed a file no visitor gets).
 */
function typescript() {
  const plugin = esbuildPlugin({ ts: true, tsconfig: resolve(projectRoot, 'tsconfig.json'), target: 'es2022' });
  const transform = plugin.transform.bind(plugin);
  plugin.transform = (context) => (context.path.startsWith('/dist/') ? undefined : transform(context));
  return plugin;
}

export const sharedPlugins = [tfjsBundles(), commonjs({ include: '**/node_modules/seedrandom/**' }), typescript()];

export default {
  rootDir: projectRoot,
  nodeResolve: { browser: true },
  open: false,
  port: 8000,
  mimeTypes,
  middleware: [crossOriginIsolation, demoAtRoot, sourceAssets, sharedImagesMiddleware],
  plugins: sharedPlugins,
};
