/**
 * A photo past what one untiled run may hold (MAX_PIXELS) goes through with the element's defaults, in every
 * engine (web-test-runner.engines.config.mjs runs it in Firefox and WebKit): tiled automatically, painted and
 * encoded at full size. WebKit matters most here: without relaxed SIMD it convolves with XNNPACK, whose untiled
 * runs need about 2.2× the WebAssembly memory of our kernel (docs/large-images.md has the measured limits).
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { AUTO_TILE_SIZE, MAX_PIXELS } from '../src/engine/in-thread-stylizer.js';
import { planTiles } from '../src/engine/tiles.js';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import type { ProgressEventDetail, StylizedEventDetail } from '../src/style-transfer/style-transfer.events.js';
import { nextError, resizedImageUrl } from './helpers/element.js';
import { contentImages, styleImages } from './helpers/images.js';

const [chicago] = contentImages;
const [udnie] = styleImages;
/** A 6-megapixel camera photo's shape (3:2), past the untiled limit. */
const [WIDTH, HEIGHT] = [3000, 2000];

describe('a large photo in every engine', () => {
  it(`${WIDTH}×${HEIGHT} (past the untiled limit) is tiled by itself, painted whole, and toBlob() gives every pixel`, async function () {
    this.timeout(8 * 60_000); // WebKit on a busy 2-core machine: about a minute
    expect(WIDTH * HEIGHT).to.be.greaterThan(MAX_PIXELS);
    const photo = await resizedImageUrl(chicago, WIDTH, HEIGHT);
    const el = await fixture<StyleTransferElement>(html`<style-transfer max-size=${WIDTH}></style-transfer>`);
    const tiles: ProgressEventDetail[] = [];
    el.addEventListener('progress', ({ detail }) => detail.phase === 'tile' && tiles.push(detail));
    const painted = Promise.race([
      oneEvent(el, 'stylized').then((event) => (event as CustomEvent<StylizedEventDetail>).detail),
      nextError(el).then(({ type, message }) => Promise.reject(new Error(`the element failed (${type}): ${message}`))),
    ]);
    Object.assign(el, { contentSrc: photo, styleSrc: udnie });
    const detail = await painted;

    expect([detail.width, detail.height]).to.deep.equal([WIDTH, HEIGHT]);
    const total = planTiles(WIDTH, HEIGHT, AUTO_TILE_SIZE).length;
    expect(tiles.at(-1)).to.include({ loaded: total, total });
    const decoded = await createImageBitmap(await el.toBlob());
    expect([decoded.width, decoded.height]).to.deep.equal([WIDTH, HEIGHT]);
    URL.revokeObjectURL(photo);
  });
});
