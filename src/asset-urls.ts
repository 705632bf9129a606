/**
 * Where the element finds the files it loads at run time when no
 * `model-base-url` / `wasm-base-url` says otherwise: in `assets/` next to this
 * module (the package's `dist/assets/`, filled by the build; in the source tree
 * the dev server stands in for it).
 *
 * Each location is a literal `new URL('./…', import.meta.url)`: the form Vite,
 * webpack and Rollup recognise, so an app's bundler copies the file into its
 * output by itself. They are evaluated only when first needed, never while the
 * module loads: a bundler may rewrite `import.meta.url` into something that is
 * not a valid base URL, and that must never stop the tag from being defined.
 */

/**
 * `url` made absolute, against the page's base URL as bundlers mean it (a
 * worker's own URL there). Next.js (webpack and Turbopack) turns
 * `new URL('./…', import.meta.url)` into a URL-like object with a path for its
 * href (`/_next/static/media/…`) and an empty origin: taken as it was, the
 * worker looked cross-origin and was started through a `blob:` module, where a
 * path cannot be resolved, so it never started.
 */
function absolute(url: URL): URL {
  return new URL(url.href, globalThis.document?.baseURI ?? globalThis.location?.href);
}

/** Default URLs of the shipped model files, by their path in models/manifest.json. */
export const defaultModelUrls: Readonly<Record<string, () => URL>> = {
  'magenta-tflite/style_predict_quantized_256.tflite': () =>
    absolute(new URL('./assets/models/magenta-tflite/style_predict_quantized_256.tflite', import.meta.url)),
  'magenta-tflite/style_transfer_f16_384.tflite': () =>
    absolute(new URL('./assets/models/magenta-tflite/style_transfer_f16_384.tflite', import.meta.url)),
  'magenta-tflite/style_transfer_quantized_384.tflite': () =>
    absolute(new URL('./assets/models/magenta-tflite/style_transfer_quantized_384.tflite', import.meta.url)),
  'magenta-tflite/style_transfer_quantized_dynamic.tflite': () =>
    absolute(new URL('./assets/models/magenta-tflite/style_transfer_quantized_dynamic.tflite', import.meta.url)),
};

/** Default URLs of tfjs-backend-wasm's binaries (plain, SIMD, SIMD + threads), for `setWasmPaths`. */
export function defaultWasmUrls(): Record<WasmBinary, string> {
  return {
    'tfjs-backend-wasm.wasm': absolute(new URL('./assets/wasm/tfjs-backend-wasm.wasm', import.meta.url)).href,
    'tfjs-backend-wasm-simd.wasm': absolute(new URL('./assets/wasm/tfjs-backend-wasm-simd.wasm', import.meta.url)).href,
    'tfjs-backend-wasm-threaded-simd.wasm': absolute(new URL('./assets/wasm/tfjs-backend-wasm-threaded-simd.wasm', import.meta.url)).href,
  };
}

export type WasmBinary = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/**
 * The page's worker: one self-contained ES module (the build inlines TF.js and its wasm backend), so
 * that bundlers copy it as a file, as they do the models, and never have to bundle inside a worker.
 */
export function workerUrl(): URL {
  return absolute(new URL('./stylizer.worker.js', import.meta.url));
}
