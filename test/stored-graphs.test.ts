/**
 * Converted graphs kept across visits (Cache Storage): a later load (as on a returning visit) takes both
 * networks' graphs from the store without downloading or converting their files, and computes exactly what
 * the converted files compute; an unreadable entry is replaced, and a page can keep nothing.
 */
import { expect } from '@open-wc/testing';
import { releaseModels } from '../src/engine/index.js';
import { Networks } from '../src/engine/networks.js';
import { type EngineOptions } from '../src/engine/types.js';
import { sha256Hex } from '../src/internal/sha256.js';
import { MODEL_SETS } from '../src/models/model-sets.js';
import { backgroundWritesDone } from '../src/internal/patiently.js';
import { CONVERTED_GRAPH_CACHE, GRAPH_REVISION } from '../src/models/stored-graphs.js';
import { tfliteArtifacts } from '../src/models/tflite/tflite-io-handler.js';
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import { stylizedElement } from './helpers/element.js';
import { bitmapOf, contentImages, MODEL_BASE, styleImages } from './helpers/images.js';
import { forgetStoredStyleVectors } from './helpers/style-network-runs.js';

async function storedEntries(): Promise<Request[]> {
  return [...(await (await caches.open(CONVERTED_GRAPH_CACHE)).keys())];
}

/** A load as on a new visit (nothing loaded in this page yet): a style vector and a 64² picture, and the `.tflite` files it fetched. */
async function visit(options: EngineOptions = {}) {
  await releaseModels();
  performance.clearResourceTimings();
  const engine = await Networks.load('magenta', { backend: 'wasm', ...options });
  const vector = await engine.styleVector(await bitmapOf(styleImages[1]));
  const { image } = await engine.stylize(await createImageBitmap(await bitmapOf(contentImages[0]), { resizeWidth: 64, resizeHeight: 64 }), vector);
  await backgroundWritesDone();
  const fetched = performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('.tflite')).length;
  return { vector: Array.from(vector), pixels: Array.from(image.data), fetched };
}

/**
 * SHA-256 digests of what the adapter makes of each shipped file, as GRAPH_REVISION names them: stored graphs
 * (and style vectors) of one revision are reused by later packages, so a conversion that changes needs a new one.
 */
const CONVERSIONS: Record<number, Record<string, string>> = {
  4: {
    'magenta-tflite/style_predict_quantized_256.tflite': '94c771feed383fd7deaa4c67d5abe2270cdaf7f8d1e359b0ed1c46d95b070c0a',
    'magenta-tflite/style_transfer_f16_384.tflite': 'bd75796ed6194904a174373fc40fb4a0d2e75ae46633fa2b772bd61a1bd19908',
    'magenta-tflite/style_transfer_quantized_384.tflite': '9753680904ae7f7269c89d28888bfe73cd91030a1f7c4819160b45b28333f70c',
    'magenta-tflite/style_transfer_quantized_dynamic.tflite': '8e41ef6ee91adb88f72ca6f7a853ac5106419a2f9c760f92a5af943434680e6e',
  },
  // Convolutions as the StyleTransferConv2D op (direct-conv.ts).
  5: {
    'magenta-tflite/style_predict_quantized_256.tflite': 'af0f59b88c047ab3a4e2454801740fca993d720daa175a7fd06ae1622100dba1',
    'magenta-tflite/style_transfer_f16_384.tflite': '547a835c8f296146418b3f9bf0e389329a3490816b511bb4d695d698088518ea',
    'magenta-tflite/style_transfer_quantized_384.tflite': '1a1371b693b5205041b682cf7616021426dc73da6b5a466ca4a54c5a4939823c',
    'magenta-tflite/style_transfer_quantized_dynamic.tflite': '9a77efa1fa76812c441932ee0a72639eedde3af3e838ec4ce3c705cce04e8f67',
  },
  // The spatial means' nodes named in the graph's metadata (their values are read and fed as graph outputs and inputs).
  6: {
    'magenta-tflite/style_predict_quantized_256.tflite': '28b889698e7e0b47ad2a4a71ea875b38617390c3cc2c2a4495c531bd400c4330',
    'magenta-tflite/style_transfer_f16_384.tflite': 'ef0d02666a7e8db9099a0c8685bf81f3169e6fa0f533ecc2fcaadcd569e6236c',
    'magenta-tflite/style_transfer_quantized_384.tflite': '4db714a85a633370859f5dc7a4291a1e9176a77a7374368297dbda324cafb046',
    'magenta-tflite/style_transfer_quantized_dynamic.tflite': 'a2c24993cfe33ef1b98ccd4052c4d2fc58088d8ade20f9116595c262ea1b6d01',
  },
};

describe('stored converted graphs', () => {
  beforeEach(async () => {
    await caches.delete(CONVERTED_GRAPH_CACHE);
    await forgetStoredStyleVectors();
  });
  after(releaseModels);

  it('a later visit loads both graphs from the store, without the files, and computes exactly the same', async () => {
    const first = await visit();
    expect(first.fetched).to.equal(2);
    expect(await storedEntries()).to.have.length(4); // each graph's description and weights
    const later = await visit();
    expect(later.fetched).to.equal(0);
    expect(later.vector).to.deep.equal(first.vector);
    expect(later.pixels).to.deep.equal(first.pixels);
  });

  it('an unreadable stored graph is converted from its file again, and replaced', async () => {
    const first = await visit();
    const store = await caches.open(CONVERTED_GRAPH_CACHE);
    const [styleNetwork, transformer] = [...new Set((await storedEntries()).map((entry) => entry.url.replace(/\/(graph|weights)$/, '')))];
    await store.put(`${styleNetwork}/graph`, new Response('{ not json', { headers: { 'x-weight-bytes': '12' } }));
    await store.put(`${transformer}/weights`, new Response(new Float32Array(3))); // a write cut short
    const later = await visit();
    expect(later.fetched).to.equal(2);
    expect(later.vector).to.deep.equal(first.vector);
    expect(later.pixels).to.deep.equal(first.pixels);
    const again = await visit();
    expect(again.fetched, 'the entries were replaced').to.equal(0);
    expect(again.pixels).to.deep.equal(first.pixels);
  });

  it('keeps one graph per file and conversion: a newer one replaces what an older package stored', async () => {
    await visit();
    const store = await caches.open(CONVERTED_GRAPH_CACHE);
    for (const entry of await storedEntries()) {
      await store.put(entry.url.replace(`/${GRAPH_REVISION}/`, '/0/'), (await store.match(entry))!);
      await store.delete(entry);
    }
    expect((await visit()).fetched, 'an older revision’s graphs are not used').to.equal(2);
    const kept = await storedEntries();
    expect(kept).to.have.length(4);
    expect(kept.filter((entry) => entry.url.includes('/0/'))).to.have.length(0);
  });

  it('a storage that stops answering holds a load up a second at most: the files are converted, the same', async () => {
    const first = await visit();
    const original = CacheStorage.prototype.open;
    CacheStorage.prototype.open = () => new Promise<never>(() => {});
    try {
      const later = await visit();
      expect(later.fetched).to.equal(2);
      expect(later.pixels).to.deep.equal(first.pixels);
    } finally {
      CacheStorage.prototype.open = original;
    }
  });

  it('storeConvertedModels: false neither reads nor writes the store', async () => {
    expect((await visit({ storeConvertedModels: false })).fetched).to.equal(2);
    expect(await storedEntries()).to.have.length(0);
    await visit();
    expect((await visit({ storeConvertedModels: false })).fetched).to.equal(2);
  });

  it('an element stores the graphs in its worker, unless the page sets StyleTransferElement.storeConvertedModels = false', async () => {
    await releaseModels();
    StyleTransferElement.storeConvertedModels = false;
    try {
      await stylizedElement({ content: contentImages[3], style: styleImages[0], maxSize: 64 });
      expect(await storedEntries()).to.have.length(0);
    } finally {
      StyleTransferElement.storeConvertedModels = true;
    }
    await releaseModels();
    await forgetStoredStyleVectors();
    await stylizedElement({ content: contentImages[3], style: styleImages[0], maxSize: 64 });
    expect(await storedEntries()).to.have.length(4);
  });

  it(`GRAPH_REVISION (${GRAPH_REVISION}) names what the adapter makes of each shipped file`, async () => {
    const digests: Record<string, string> = {};
    const files = Object.values(MODEL_SETS).flatMap((set) => [set.styleNetwork, { ...set.transformer, inputSizeMultiple: set.sizeMultiple }]);
    for (const file of files.filter((f) => f.format === 'tflite')) {
      const bytes = new Uint8Array(await (await fetch(`${MODEL_BASE}${file.path}`)).arrayBuffer());
      const { weightData, ...graph } = tfliteArtifacts(bytes, file.format === 'tflite' ? file : undefined);
      const json = new TextEncoder().encode(JSON.stringify(graph));
      digests[file.path] = await sha256Hex(await new Blob([json, weightData as ArrayBuffer]).arrayBuffer());
    }
    expect(digests, 'the adapter converts a file differently: raise GRAPH_REVISION (src/models/stored-graphs.ts) and record its digests here').to.deep.equal(
      CONVERSIONS[GRAPH_REVISION],
    );
  });
});
