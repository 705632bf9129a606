// Prints what a user downloads: the CDN file and its chunks (raw and gzipped), the JavaScript a
// GPU-less visitor loads (the wasm path), and the npm tarball. Needs a built dist/ (npm run build).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const ENTRY = 'style-transfer.min.js';
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const WORKER = 'stylizer.worker.js';
const files = [ENTRY, WORKER, ...readdirSync(new URL('cdn/', dist)).map((f) => `cdn/${f}`)];
const sizes = Object.fromEntries(
  files.map((file) => {
    const code = readFileSync(new URL(file, dist));
    return [file, { raw: code.length, gzip: gzipSync(code, { level: 9 }).length, code: code.toString() }];
  }),
);

/** A chunk and every chunk it imports statically, as paths relative to dist/. */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  for (const [, path] of sizes[file].code.matchAll(/from\s*"\.\/([^"]+)"/g)) closure(folder + path, seen);
  return seen;
}
const dynamicChunk = (name) => files.find((f) => new RegExp(`^cdn/${name}-[\\w-]{8}\\.js$`).test(f));
const total = (set) => [...set].reduce((sum, f) => sum + sizes[f].gzip, 0);

const page = closure(ENTRY);
const workerPath = new Set([...page, WORKER]);
const mainThreadPath = new Set(page);
for (const name of ['tfjs-core-shared', 'tfjs-converter', 'tfjs-backend-wasm', 'direct-conv.wasm']) closure(dynamicChunk(name), mainThreadPath);
const extra = (name) => [...closure(dynamicChunk(name))].filter((f) => !mainThreadPath.has(f));

console.log('CDN build (dist/):');
for (const file of files) console.log(`  ${file.padEnd(44)} ${kb(sizes[file].raw).padStart(10)} raw ${kb(sizes[file].gzip).padStart(10)} gzipped`);
console.log('JavaScript a GPU-less visitor loads (target ≤ 200 KB gzipped):');
console.log(`  with the worker (default): the page's ${kb(total(page))} + the self-contained worker = ${kb(total(workerPath))} gzipped`);
console.log(`  on the main thread (worker off): entry + TF.js core, converter, wasm backend, convolution kernel = ${kb(total(mainThreadPath))} gzipped`);
for (const name of ['tfjs-backend-webgpu', 'tfjs-backend-webgl', 'tfjs-backend-cpu']) {
  console.log(`    + ${name}, loaded only when picked: ${kb(total(new Set(extra(name))))} gzipped`);
}

// backend="auto" with a hardware WebGPU adapter: after the first result, WebGPU's trial loads TF.js on the main thread.
const trialPath = new Set();
for (const name of ['tfjs-core-shared', 'tfjs-converter', 'tfjs-backend-webgpu']) closure(dynamicChunk(name), trialPath);
console.log(`A visitor with a hardware WebGPU adapter (backend auto) also loads, after the first result, TF.js core, converter and webgpu backend: ${kb(total([...trialPath].filter((f) => !page.has(f))))} gzipped`);

// A first visit to its first result, as a CDN serves the files (gzipped): the JavaScript with the worker, the SIMD
// WebAssembly binary and the default set's model files; with `style-vector` in place of a painting, no style network.
const gzippedAsset = (path) => gzipSync(readFileSync(new URL(`assets/${path}`, dist)), { level: 9 }).length;
const firstVisit = total(workerPath) + gzippedAsset('wasm/tfjs-backend-wasm-simd.wasm') + gzippedAsset('models/magenta-tflite/style_transfer_f16_384.tflite');
const styleNetwork = gzippedAsset('models/magenta-tflite/style_predict_quantized_256.tflite');
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
console.log(`A first visit to its first result (JavaScript, wasm binary, models; gzipped): with a painting ${mb(firstVisit + styleNetwork)}; with style-vector ${mb(firstVisit)} (target ≤ 1.3 MB)`);

const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
const assets = pack.files.filter((f) => /\.(tflite|wasm)$/.test(f.path));
console.log(
  `npm tarball: ${kb(pack.size)} packed, ${kb(pack.unpackedSize)} unpacked, ${pack.files.length} files ` +
    `(${assets.length} model and wasm files, ${kb(assets.reduce((s, f) => s + f.size, 0))})`,
);
