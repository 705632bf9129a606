// Builds dist/:
// 1. ES modules (one per source file, so the component class can be imported without registering it)
//    plus .d.ts files; dependencies stay external. The files the element loads at run time (the
//    model files and tfjs-backend-wasm's binaries) are copied to dist/assets/, as src/asset-urls.ts names them.
// 2. The CDN file, dist/style-transfer.min.js: everything inlined and minified; TF.js's parts load
//    as chunks from dist/cdn/ only when needed (the WebGL and CPU backends only when picked).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
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

/** Names a CDN chunk after the package its code comes from: tfjs-core, tfjs-backend-wasm, tfjs-backend-cpu-shared, … */
function chunkName({ facadeModuleId, moduleIds }) {
  const packageName = (id) => id.match(/node_modules\/(?:@tensorflow\/)?([^/]+)\//)?.[1];
  const name = packageName(facadeModuleId ?? '') ?? `${packageName(moduleIds.at(-1)) ?? 'common'}-shared`;
  return `cdn/${name}-[hash].js`;
}

export default [
  {
    input: [
      'src/index.ts',
      'src/style-transfer/style-transfer.component.ts',
      'src/engine/index.ts',
      'src/react/index.ts',
      'src/vue/index.ts',
    ],
    output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
    external: (id) => [...external, 'react', 'vue'].some((name) => id === name || id.startsWith(`${name}/`)),
    plugins: [
      typescript({ tsconfig: './tsconfig.json', outDir: 'dist', declaration: true, declarationDir: 'dist' }),
      shippedAssets(),
    ],
  },
  {
    // Built from the ES modules above, so the CDN file runs exactly the code npm users get.
    input: 'dist/index.js',
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: 'style-transfer.min.js',
      chunkFileNames: chunkName,
    },
    plugins: [nodeResolve({ browser: true }), commonjs(), terser({ format: { comments: false } })],
  },
];
