/**
 * Paintings' style vectors kept across visits (Cache Storage): a later Stylizer (as on a returning visit)
 * takes a painting's vector from the store, keyed by the painting's pixels, and then never loads the style
 * network; a photo's own vector is never kept.
 */
import { expect } from '@open-wc/testing';
import { releaseModels, STYLE_VECTOR_CACHE, type StylizeResult } from '../src/engine/index.js';
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import { stylizedElement } from './helpers/element.js';
import { contentImages, meanAbsDiff, styleImages } from './helpers/images.js';
import { forgetStoredStyleVectors, styleNetworkRuns } from './helpers/style-network-runs.js';

const [udnie, seaport] = styleImages;
const small = { content: contentImages[3], maxSize: 96 };

async function storedEntries(): Promise<readonly Request[]> {
  return (await caches.open(STYLE_VECTOR_CACHE)).keys();
}

/** A copy of `url`'s painting with a square painted over its middle: other pixels, so another vector. */
async function alteredPainting(url: string): Promise<Blob> {
  const bitmap = await createImageBitmap(await (await fetch(url)).blob());
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  context.fillStyle = '#0a0';
  context.fillRect(bitmap.width / 4, bitmap.height / 4, bitmap.width / 2, bitmap.height / 2);
  return canvas.convertToBlob({ type: 'image/png' });
}

describe('stored style vectors', () => {
  beforeEach(forgetStoredStyleVectors);

  it('a later Stylizer takes a painting’s vector from the store: no style network run, the same picture', async () => {
    let first!: StylizeResult;
    expect(await styleNetworkRuns(async () => void (first = await new InThreadStylizer().stylize({ ...small, styles: [{ src: udnie }] })))).to.equal(1);
    expect(await storedEntries()).to.have.length(1);
    const runs = await styleNetworkRuns(async () => {
      // styleNetworkRuns forgets the store first: keep the vector again, as a first visit would.
      await new InThreadStylizer().stylize({ ...small, styles: [{ src: udnie }] });
      const later = await new InThreadStylizer().stylize({ ...small, styles: [{ src: udnie }] });
      expect(later.styleVector).to.deep.equal(first.styleVector);
      expect(meanAbsDiff(later.image.data, first.image.data)).to.equal(0);
    });
    expect(runs).to.equal(1);
  });

  it('uses what the store holds for the painting’s pixels, whatever its URL', async () => {
    const seaportVector = (await new InThreadStylizer({ storeStyleVectors: false }).stylize({ ...small, styles: [{ src: seaport }] })).styleVector;
    await new InThreadStylizer().stylize({ ...small, styles: [{ src: udnie }] });
    // Plant another painting's vector under udnie's entry: a Stylizer that reads the store must use it.
    const [entry] = await storedEntries();
    await (await caches.open(STYLE_VECTOR_CACHE)).put(entry, new Response(seaportVector.slice()));
    const sameBytes = await (await fetch(udnie)).blob();
    const fromStore = await new InThreadStylizer().stylize({ ...small, styles: [{ src: sameBytes }] });
    expect(fromStore.styleVector).to.deep.equal(seaportVector);
    // Other pixels are another painting: the network runs, and its vector is kept beside the first.
    const altered = await new InThreadStylizer().stylize({ ...small, styles: [{ src: await alteredPainting(udnie) }] });
    expect(altered.styleVector).not.to.deep.equal(seaportVector);
    expect(await storedEntries()).to.have.length(2);
  });

  it('storeStyleVectors: false neither reads nor writes the store', async () => {
    await new InThreadStylizer().stylize({ ...small, styles: [{ src: udnie }] });
    const [entry] = await storedEntries();
    await (await caches.open(STYLE_VECTOR_CACHE)).put(entry, new Response(new Float32Array(100).fill(0.5)));
    const unstored = await new InThreadStylizer({ storeStyleVectors: false }).stylize({ ...small, styles: [{ src: udnie }] });
    expect(Array.from(unstored.styleVector).some((v) => v !== 0.5)).to.equal(true);
    await forgetStoredStyleVectors();
    await new InThreadStylizer({ storeStyleVectors: false }).stylize({ ...small, styles: [{ src: seaport }] });
    expect(await storedEntries()).to.have.length(0);
  });

  it('keeps paintings only, never the photo’s own vector (strength below 1)', async () => {
    const runs = await styleNetworkRuns(() => new InThreadStylizer().stylize({ ...small, strength: 0.5, styles: [{ src: udnie }, { src: seaport }] }));
    expect(runs).to.equal(3);
    expect(await storedEntries()).to.have.length(2);
  });

  it('a run whose paintings are all stored never loads the style network', async () => {
    await new InThreadStylizer().stylize({ ...small, styles: [{ src: udnie }] });
    await releaseModels();
    const stylizer = new InThreadStylizer();
    await stylizer.stylize({ ...small, styles: [{ src: udnie }] });
    const transformerOnly = await stylizer.numTensors();
    await stylizer.stylize({ ...small, styles: [{ src: seaport }] });
    // The style network's weights came in with the first painting the store did not hold.
    expect((await stylizer.numTensors()) - transformerOnly).to.be.greaterThan(50);
  });

  it('a storage that stops answering holds a run up a second at most: the network runs, and the picture is the same', async () => {
    const expected = await new InThreadStylizer({ storeStyleVectors: false }).stylize({ ...small, styles: [{ src: seaport }] });
    const never = () => new Promise<never>(() => {});
    for (const [target, method] of [[CacheStorage.prototype, 'open'], [Cache.prototype, 'put']] as const) {
      const original = target[method];
      Object.assign(target, { [method]: never });
      try {
        const result = await new InThreadStylizer().stylize({ ...small, styles: [{ src: seaport }] });
        expect(result.styleVector, method).to.deep.equal(expected.styleVector);
      } finally {
        Object.assign(target, { [method]: original });
      }
    }
  });

  it('an element keeps its painting’s vector, unless the page sets StyleTransferElement.storeStyleVectors = false', async () => {
    StyleTransferElement.storeStyleVectors = false;
    try {
      await stylizedElement({ content: small.content, style: seaport, maxSize: 64 });
      expect(await storedEntries()).to.have.length(0);
    } finally {
      StyleTransferElement.storeStyleVectors = true;
    }
    await stylizedElement({ content: small.content, style: seaport, maxSize: 64 });
    expect(await storedEntries()).to.have.length(1);
  });
});
