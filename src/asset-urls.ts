/**
 * Where the element finds its runtime assets by default: next to the package
 * (this file sits one folder below the package root in both src/ and dist/).
 * Pages that host the files elsewhere override these through `configure()`.
 */
const packageRoot = new URL('../', import.meta.url);

export const defaultAssetUrls = {
  /** Folder holding the model files laid out as in models/manifest.json. */
  models: new URL('models/files/', packageRoot).href,
  /** Folder holding tfjs-backend-wasm's `.wasm` binaries. */
  wasm: new URL('node_modules/@tensorflow/tfjs-backend-wasm/dist/', packageRoot).href,
};
