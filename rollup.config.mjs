// Builds dist/:
// 1. ES modules (one per source file, so the component class can be imported without registering it)
//    plus .d.ts files; dependencies stay external. The files the element loads at run time (the
//    model files and tfjs-backend-wasm's binaries) are copied to dist/assets/, as src/asset-urls.ts names them.
// 2. The CDN file, dist/style-transfer.min.js, and the page's worker, dist/stylizer.worker.js:
//    everything inlined and minified; TF.js's parts load as chunks from dist/cdn/ only when needed
//    (the WebGPU, WebGL and CPU backends only when picked).
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import pkg from './package.json' with { type: 'json' };
import manifest from './models/manifest.json' with { type: 'json' };

const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)];

/** Copies every asset that src/asset-urls.ts points at into dist/assets/, checking models against the manifest. */
function shippedAssets() {
  const sources = {
    models: (path) => new URL(`./models/files/${path}`, import.meta.url),
    wasm: (path) => new URL(`./node_modules/@tensorflow/tfjs-backend-wasm/dist/${path}`, import.meta.url),
  };
  return {
    name: 'shipped-assets',
    async generateBundle() {
      const code = await readFile(new URL('./src/asset-urls.ts', import.meta.url), 'utf8');
      for (const [, kind, path] of code.matchAll(/'\.\/assets\/(models|wasm)\/([^']+)'/g)) {
        const source = await readFile(sources[kind](path)).catch(() => {
          throw new Error(`${kind}/${path} is missing: run \`npm run models\` (and \`npm ci\`) first`);
        });
        const entry = kind === 'models' && manifest.files.find((file) => file.file === path);
        if (entry && createHash('sha256').update(source).digest('hex') !== entry.sha256) {
          throw new Error(`models/files/${path} does not match the sha256 in models/manifest.json: run \`npm run models\``);
        }
        this.emitFile({ type: 'asset', fileName: `assets/${kind}/${path}`, source });
      }
    },
  };
}

/** Asset and worker URLs are written relative to dist/; a chunk that lands in dist/cdn/ must look one folder up. */
function urlsFromChunks() {
  return {
    name: 'urls-from-chunks',
    renderChunk(code, chunk) {
      return chunk.fileName.startsWith('cdn/') ? code.replace(/(['"])\.\/(assets\/|stylizer\.worker\.js)/g, '$1../$2') : null;
    },
  };
}

/** Resolves `ids` to an empty module: a backend left out registers nothing, so TF.js moves on to the next. */
function withoutModules(ids) {
  const empty = '\0empty-module';
  return {
    name: 'without-modules',
    resolveId: (id) => (ids.includes(id) ? empty : null),
    load: (id) => (id === empty ? 'export {};' : null),
  };
}

/**
 * Names a CDN chunk after the package its code comes from (tfjs-core, tfjs-backend-wasm, tfjs-backend-cpu-shared, …),
 * or after the module of ours that it starts from (direct-conv.wasm: the kernel's bytes, loaded when first needed).
 */
function chunkName({ facadeModuleId, moduleIds }) {
  const packageName = (id) => id.match(/node_modules\/(?:@tensorflow\/)?([^/]+)\//)?.[1];
  const ownModule = (id) => id.match(/\/(?:src|dist)\/(?:.*\/)?([^/]+)\.[jt]s$/)?.[1];
  const name = packageName(facadeModuleId ?? '') ?? ownModule(facadeModuleId ?? '') ?? `${packageName(moduleIds.at(-1)) ?? 'common'}-shared`;
  return `cdn/${name}-[hash].js`;
}

/** Starts from an empty dist/, so no stale chunk of an earlier build ends up in the package. */
function cleanDist() {
  return { name: 'clean-dist', buildStart: () => rm(new URL('./dist/', import.meta.url), { recursive: true, force: true }) };
}

/**
 * Edits to tfjs-backend-wasm's threaded glue (the Emscripten module that cross-origin isolated pages run):
 *
 * - It starts each WebAssembly thread from its factory's source text (`toString()`), where the factory's
 *   closure is gone, so the one read of its enclosing `_scriptDir` (behind a `typeof` guard) must not survive
 *   minification, ours or an app's (webpack minifies the copied worker again, and terser turns such guards
 *   into plain reads that throw). No script tag loads these bundles, so `_scriptDir` is always undefined
 *   here: drop the read.
 * - Its start waits for a pool of 8 thread workers, whatever the device, though XNNPACK runs half of
 *   `navigator.hardwareConcurrency` threads (the calling one among them): on a 2-core machine 7 of the 8 were
 *   never used, and starting them took about 100 ms of a first result. Pool only as many as it runs.
 * - Each thread (a blob: worker, under the Content-Security-Policy of the worker that starts it) would load that
 *   source text with `importScripts` from a second blob: URL, which `script-src` must then allow (`blob:`), and
 *   Trusted Types too: the thread's script carries it instead, so `worker-src blob:` is all the threads need.
 *   (The thread workers themselves start through the worker's Trusted Types policy: src/engine/stylizer.worker.ts.)
 */
function wasmThreadsGlue() {
  const edits = {
    '/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js': [
      ['typeof _scriptDir !== "undefined" && _scriptDir', 'false'],
      ['var pthreadPoolSize=8;', 'var pthreadPoolSize=Math.min(8,Math.max(1,Math.floor(navigator.hardwareConcurrency/2)));'],
    ],
    '/tfjs-backend-wasm/dist/backend_wasm.js': [
      [
        "const blob = new Blob([response], { type: 'application/javascript' });",
        "const blob = new Blob([response, ';var WasmBackendModuleThreadedSimd = ' + wasmFactoryThreadedSimd.toString() + ';'], { type: 'application/javascript' });",
      ],
    ],
    '/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js': [
      ['if(typeof e.data.urlOrBlob=="string")', 'if(typeof WasmBackendModuleThreadedSimd=="function");else if(typeof e.data.urlOrBlob=="string")'],
    ],
  };
  const edited = new Set();
  return {
    name: 'wasm-threads-glue',
    buildStart: () => edited.clear(),
    // The edits work together: a build that bundles one of these files without the others is wrong.
    buildEnd(error) {
      const missed = Object.keys(edits).filter((file) => !edited.has(file));
      if (!error && missed.length) this.error(`the bundle has no ${missed.join(', ')} to edit: review this plugin`);
    },
    transform(code, id) {
      const file = Object.keys(edits).find((suffix) => id.endsWith(suffix));
      if (!file) return null;
      edited.add(file);
      for (const [from, to] of edits[file]) {
        if (!code.includes(from)) this.error(`${id} no longer contains ${from}: review this plugin`);
        code = code.replace(from, to);
      }
      return { code, map: null };
    },
  };
}

const minify = () => terser({ format: { comments: false } });

export default [
  {
    input: [
      'src/index.ts',
      'src/style-transfer/style-transfer.component.ts',
      'src/engine/index.ts',
      'src/engine/stylizer.worker.ts',
      'src/react/index.ts',
      'src/vue/index.ts',
    ],
    output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
    external: (id) => [...external, 'react', 'vue'].some((name) => id === name || id.startsWith(`${name}/`)),
    plugins: [
      cleanDist(),
      typescript({ tsconfig: './tsconfig.json', outDir: 'dist', declaration: true, declarationDir: 'dist' }),
      shippedAssets(),
    ],
  },
  {
    // Built from the ES modules above, so the CDN file runs exactly the code npm users get.
    input: 'dist/index.js',
    output: { dir: 'dist', format: 'es', entryFileNames: 'style-transfer.min.js', chunkFileNames: chunkName },
    plugins: [nodeResolve({ browser: true }), commonjs(), wasmThreadsGlue(), urlsFromChunks(), minify()],
  },
  {
    // The page's worker, for everyone (npm and CDN alike): one self-contained file that bundlers copy
    // as it is. It runs the wasm backend only (see workerSupported), so WebGPU, WebGL and CPU are left out.
    input: 'dist/engine/stylizer.worker.js',
    output: { file: 'dist/stylizer.worker.js', format: 'es', inlineDynamicImports: true },
    plugins: [withoutModules(['@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-webgl', '@tensorflow/tfjs-backend-cpu']), nodeResolve({ browser: true }), commonjs(), wasmThreadsGlue(), minify()],
  },
];
