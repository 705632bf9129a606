/**
 * The same bad input ends the same way in Chromium, Firefox and WebKit: the same typed error (or the same
 * picture), never one engine's guess. Each case here once differed between engines (issue 26, item 9).
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import type { ErrorEventDetail, StylizedEventDetail } from '../src/style-transfer/style-transfer.events.js';
import { canvasOf, nextError, resizedImageUrl } from './helpers/element.js';
import { contentImages, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';
import { movingCanvas } from './helpers/moving-canvas.js';

const [chicago, , , beach] = contentImages;
const [udnie] = styleImages;

/** What an element ends in: its result, a live frame, or its error. */
function outcome(el: StyleTransferElement): Promise<{ painted?: StylizedEventDetail; error?: ErrorEventDetail }> {
  return Promise.race([
    oneEvent(el, 'stylized').then((event) => ({ painted: (event as CustomEvent<StylizedEventDetail>).detail })),
    oneEvent(el, 'frame').then((event) => ({ painted: (event as CustomEvent<StylizedEventDetail>).detail })),
    nextError(el).then((error) => ({ error })),
  ]);
}

/** The outcome of an element given `properties` (content first, then the painting: one run). */
async function run(properties: Partial<StyleTransferElement>, live = false) {
  const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="64" ?live=${live}></style-transfer>`);
  const settled = outcome(el);
  Object.assign(el, { styleSrc: udnie, ...properties });
  return { el, ...(await settled) };
}

const bytesOf = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());
const dataUrl = (blob: Blob) =>
  new Promise<string>((resolve) => Object.assign(new FileReader(), { onload: ({ target }: ProgressEvent<FileReader>) => resolve(target!.result as string) }).readAsDataURL(blob));

/** A 200×150 PNG of a photo. */
async function png(): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(200, 150);
  canvas.getContext('2d')!.drawImage(await createImageBitmap(await (await fetch(chicago)).blob()), 0, 0, 200, 150);
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
}

describe('a file cut off partway → content-load in every engine (Firefox and WebKit used to paint its missing part grey)', () => {
  const CUT: [string, () => Promise<Partial<StyleTransferElement>>][] = [
    // Progressive: its first scan has begun by byte 300, enough for Firefox and WebKit to paint something.
    ['the first 300 bytes of a progressive JPEG, as a blob: URL', async () => ({ contentSrc: URL.createObjectURL(new Blob([(await bytesOf(chicago)).slice(0, 300)], { type: 'image/jpeg' })) })],
    ['a JPEG without its last 2 bytes (the end marker), as a Blob', async () => ({ content: new Blob([(await bytesOf(beach)).slice(0, -2)], { type: 'image/jpeg' }) })],
    ['a PNG cut off before its IEND chunk, as a data: URL', async () => ({ contentSrc: await dataUrl(new Blob([(await png()).slice(0, -12)], { type: 'image/png' })) })],
  ];
  for (const [what, make] of CUT) {
    it(what, async () => {
      const { error } = await run(await make());
      expect(error).to.include({ type: 'content-load' });
      expect(error!.message).to.contain('is cut off').and.contain('ends before its picture does');
    });
  }

  it('bytes after the end marker (a Motion Photo carries its video there) are no cut: it paints', async () => {
    const bytes = await bytesOf(beach);
    const { painted, error } = await run({ content: new Blob([bytes, new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0xff, 0xd8])], { type: 'image/jpeg' }) });
    expect(error?.message).to.equal(undefined);
    expect(painted!.width).to.equal(64);
  });
});

describe('a stopped camera → content-load "no live video track" in every engine', () => {
  /** A canvas's MediaStream whose track is stopped, and a <video> that played it. */
  async function stoppedCamera() {
    const moving = await movingCanvas(chicago);
    const stream = moving.canvas.captureStream();
    const video = Object.assign(document.createElement('video'), { muted: true, playsInline: true, srcObject: stream });
    await video.play().catch(() => {});
    stream.getTracks().forEach((track) => track.stop());
    moving.stop();
    return { stream, video };
  }

  it('the MediaStream itself, live', async () => {
    const { error } = await run({ content: (await stoppedCamera()).stream }, true);
    expect(error).to.include({ type: 'content-load' });
    expect(error!.message).to.contain('the MediaStream has no live video track');
  });

  // WebKit's video of a stopped stream reads as 0×0 ("too small"); Chromium's and Firefox's keep its last frame for ever.
  for (const live of [false, true]) {
    it(`a <video> showing it, ${live ? 'live (Chromium and Firefox used to wait for ever)' : 'not live'}`, async () => {
      const { error } = await run({ content: (await stoppedCamera()).video }, live);
      expect(error).to.include({ type: 'content-load' });
      expect(error!.message).to.contain("the <video>'s MediaStream has no live video track");
    });
  }
});

describe('live with a still image → content-load in every engine (WebKit played it as a one-frame video)', () => {
  for (const [what, url] of [
    ['a JPEG URL', async () => beach],
    ['a PNG blob: URL', async () => URL.createObjectURL(new Blob([await png()], { type: 'image/png' }))],
  ] as const) {
    it(what, async () => {
      const contentSrc = await url();
      const { error } = await run({ contentSrc }, true);
      expect(error).to.include({ type: 'content-load' });
      expect(error!.message).to.contain(`"${contentSrc}" is a still image, not a video`);
    });
  }
});

describe('a model-set descriptor with data: URLs, in every engine', () => {
  const fixtures = new URL('/test/fixtures/', location.href);

  it('a 2.8 MB style network as a data: URL paints exactly what model="magenta-int8" paints (Firefox refused it)', async () => {
    const descriptor = await (await fetch(new URL('magenta-int8.model.json', fixtures))).json();
    const styleNetwork = { ...descriptor.styleNetwork, url: await dataUrl(await (await fetch(new URL(descriptor.styleNetwork.url, fixtures))).blob()) };
    const transformer = { ...descriptor.transformer, url: new URL(descriptor.transformer.url, fixtures).href };
    const model = URL.createObjectURL(new Blob([JSON.stringify({ ...descriptor, styleNetwork, transformer })], { type: 'application/json' }));
    // A painting's vector kept from an earlier test would spare the style network, and the test.
    StyleTransferElement.storeStyleVectors = false;
    const described = await run({ model, contentSrc: beach }).finally(() => (StyleTransferElement.storeStyleVectors = true));
    const builtIn = await run({ model: 'magenta-int8', contentSrc: beach });
    expect(described.error?.message).to.equal(undefined);
    expect(meanAbsDiff(rgbaBytes(canvasOf(described.el)), rgbaBytes(canvasOf(builtIn.el)))).to.equal(0);
    URL.revokeObjectURL(model);
  });

  it('a data: descriptor with relative file paths → model-load saying it needs absolute URLs (was each engine’s TypeError, as inference)', async () => {
    const descriptor = await (await fetch(new URL('magenta-int8.model.json', fixtures))).text();
    const { error } = await run({ model: `data:application/json,${encodeURIComponent(descriptor)}`, contentSrc: beach });
    expect(error).to.include({ type: 'model-load' });
    expect(error!.message).to.contain('which is not a URL: a data: or blob: descriptor needs absolute file URLs');
  });
});

describe('decoding in the worker', () => {
  /** `jpeg` with an EXIF block saying "rotate 90° clockwise to show" (orientation 6) after its start marker. */
  function rotated(jpeg: Uint8Array): Uint8Array {
    const tiff = [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
    const app1 = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff]; // "Exif\0\0"
    return new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, app1.length + 2, ...app1, ...jpeg.subarray(2)]);
  }

  // Firefox's worker decodes with ImageDecoder (below), which must turn the picture as createImageBitmap does.
  it('a JPEG whose EXIF says to turn it is painted turned, in every engine', async () => {
    const { painted } = await run({ content: new Blob([rotated(await bytesOf(chicago))], { type: 'image/jpeg' }) });
    expect([painted!.width, painted!.height]).to.deep.equal([43, 64]); // 712×474 turned, then fitted in 64
  });
});

describe("the page's main thread during a large photo's decode", () => {
  /** The longest wait between turns of a setTimeout chain (the page's main thread) until stop() is called. */
  function longestGap() {
    let longest = 0;
    let running = true;
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      if (running) setTimeout(tick);
    };
    setTimeout(tick);
    return () => ((running = false), Math.round(longest));
  }

  // Firefox decoded createImageBitmap(Blob) for the worker on the page's main thread: 0.6–0.8 s at 8192² here.
  it('an 8192² photo, decoded in the worker, blocks it for no long stretch', async () => {
    const url = await resizedImageUrl(chicago, 8192, 8192);
    const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="64" content-src=${beach} style-src=${udnie}></style-transfer>`);
    await oneEvent(el, 'stylized'); // the worker and its models loaded
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stop = longestGap();
    const settled = outcome(el);
    el.contentSrc = url;
    const { painted } = await settled;
    const gap = stop();
    console.log(`${navigator.userAgent.match(/(Firefox|Chrome|Version)\/[\d.]+/)?.[0]}: 8192² photo, ${Math.round(painted!.timings.total)} ms run in the ${painted!.thread}; longest main-thread gap ${gap} ms`);
    expect(painted!.thread).to.equal('worker');
    // Loose (this host is shared and noisy): the decode alone took 600–830 ms there, 0.8 s under load.
    expect(gap).to.be.below(600);
    URL.revokeObjectURL(url);
  });
});
