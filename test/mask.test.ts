/**
 * Regions: a mask keeps the photo where it is black and shows the stylized result where it is white. A change of
 * mask only composites again (no network runs), in the engine and through the element's worker.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { Networks } from '../src/engine/networks.js';
import type { StylizeRequest } from '../src/engine/types.js';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import '../src/style-transfer/style-transfer.js';
import type { StylizedEventDetail } from '../src/style-transfer/style-transfer.events.js';
import { canvasOf, nextError } from './helpers/element.js';
import { bitmapOf, contentImages, rgbaBytes, styleImages } from './helpers/images.js';

const [, , , beach] = contentImages; // 256×256: at max-size 256 the photo is its own pixels
const [udnie] = styleImages;
const SIDE = 256;
/** Columns this far from the mask's middle are the feathered band, left out of the comparisons. */
const BAND = 8;

/** A mask `width`×`height`: black on the left half, white on the right (or transparent/opaque with `alpha`). */
function halfMask(width = 64, height = 64, { alpha = false } = {}): HTMLCanvasElement {
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d')!;
  if (!alpha) context.fillRect(0, 0, width / 2, height);
  context.fillStyle = alpha ? 'rgba(40, 200, 90, 1)' : '#fff';
  context.fillRect(width / 2, 0, width / 2, height);
  return canvas;
}

/** Mean |a − b| over the RGB of the columns in [from, to). */
function meanDiffColumns(a: ArrayLike<number>, b: ArrayLike<number>, width: number, from: number, to: number): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < a.length; i += 4) {
    const x = (i / 4) % width;
    if (x < from || x >= to) continue;
    sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
    count += 3;
  }
  return sum / count;
}

/** Counts the transformer's and the style network's runs in this page while `work` goes on. */
async function networkRuns(work: () => Promise<unknown>): Promise<number> {
  const methods = ['stylize', 'squareStyleVector', 'styleVector'] as const;
  const originals = methods.map((name) => Networks.prototype[name]);
  let runs = 0;
  methods.forEach((name, i) => {
    (Networks.prototype as unknown as Record<string, unknown>)[name] = function (this: Networks, ...args: unknown[]) {
      runs++;
      return (originals[i] as (...a: unknown[]) => unknown).apply(this, args);
    };
  });
  try {
    await work();
  } finally {
    methods.forEach((name, i) => ((Networks.prototype as unknown as Record<string, unknown>)[name] = originals[i]));
  }
  return runs;
}

describe('a mask', function () {
  this.timeout(180_000);
  let photo: Uint8ClampedArray;

  before(async () => {
    const bitmap = await bitmapOf(beach);
    expect([bitmap.width, bitmap.height]).to.deep.equal([SIDE, SIDE]);
    photo = rgbaBytes(bitmap);
  });

  describe('in the engine', () => {
    const stylizer = new InThreadStylizer({ storeConvertedModels: false });
    const request: StylizeRequest = { content: beach, styles: [{ src: udnie }], maxSize: SIDE };

    it('keeps the photo where it is black and the result where it is white; a new mask runs no network', async () => {
      // A Stylizer keeps results for masks only once it has seen one: this first masked request runs the networks.
      await stylizer.stylize({ ...request, mask: halfMask() });
      const unmasked = await stylizer.stylize(request);
      expect(unmasked.timings.transformer, 'the mask taken away: the kept result, no run').to.equal(0);
      const tensors = await stylizer.numTensors();
      let masked!: Awaited<ReturnType<InThreadStylizer['stylize']>>;
      let inverted!: typeof masked;
      const runs = await networkRuns(async () => {
        masked = await stylizer.stylize({ ...request, mask: halfMask() });
        inverted = await stylizer.stylize({ ...request, mask: halfMask(), maskInvert: true, maskFeather: 0 });
      });
      expect(runs, 'network runs for two mask changes').to.equal(0);
      expect(await stylizer.numTensors(), 'tensors left by the mask path').to.equal(tensors);
      const [left, right] = [[0, SIDE / 2 - BAND], [SIDE / 2 + BAND, SIDE]] as const;
      expect(meanDiffColumns(masked.image.data, photo, SIDE, ...left), 'black: the photo').to.be.below(3);
      expect(meanDiffColumns(masked.image.data, unmasked.image.data, SIDE, ...right), 'white: the result').to.be.below(3);
      expect(meanDiffColumns(inverted.image.data, unmasked.image.data, SIDE, ...left), 'inverted, black: the result').to.be.below(3);
      expect(meanDiffColumns(inverted.image.data, photo, SIDE, ...right), 'inverted, white: the photo').to.be.below(3);
      // The two halves differ: the comparison above can tell a photo from a result.
      expect(meanDiffColumns(unmasked.image.data, photo, SIDE, ...left)).to.be.above(15);
      // Back to no mask: the unmasked result again, still without a run.
      expect(await networkRuns(async () => expect((await stylizer.stylize(request)).image.data).to.deep.equal(unmasked.image.data))).to.equal(0);
    });

    it('any size, aspect or kind: a tall mask is stretched to the output, and alpha counts where there is transparency', async () => {
      const stretched = await stylizer.stylize({ ...request, mask: halfMask(8, 80), maskFeather: 0 });
      const alpha = await stylizer.stylize({ ...request, mask: halfMask(64, 64, { alpha: true }), maskFeather: 0 });
      // Scaling 8 columns up to 256 blends across about one mask column (32 pixels) at the middle.
      const [left, right] = [[0, SIDE / 2 - 32], [SIDE / 2 + 32, SIDE]] as const;
      expect(meanDiffColumns(stretched.image.data, photo, SIDE, ...left)).to.be.below(3);
      expect(meanDiffColumns(alpha.image.data, stretched.image.data, SIDE, ...left)).to.be.below(1);
      expect(meanDiffColumns(alpha.image.data, stretched.image.data, SIDE, ...right)).to.be.below(1);
    });

    it('a tiled run is masked whole: the stylized side is the tiled result, the photo side the photo', async () => {
      const tiled = { ...request, tileSize: 128 };
      const unmasked = await stylizer.stylize(tiled);
      const masked = await stylizer.stylize({ ...tiled, mask: halfMask() });
      expect(meanDiffColumns(masked.image.data, unmasked.image.data, SIDE, SIDE / 2 + BAND, SIDE)).to.be.below(3);
      expect(meanDiffColumns(masked.image.data, photo, SIDE, 0, SIDE / 2 - BAND)).to.be.below(3);
    });

    it('the feather softens the edge: the middle is a blend, the far sides are not', async () => {
      const soft = await stylizer.stylize({ ...request, mask: halfMask(), maskFeather: 32 });
      const hard = await stylizer.stylize({ ...request, mask: halfMask(), maskFeather: 0 });
      const middle = [SIDE / 2 - 6, SIDE / 2 + 6] as const;
      expect(meanDiffColumns(soft.image.data, hard.image.data, SIDE, ...middle)).to.be.above(2);
      expect(meanDiffColumns(soft.image.data, hard.image.data, SIDE, 0, SIDE / 2 - 32)).to.be.below(1);
    });
  });

  describe('through the element (its worker)', () => {
    it('mask-src and the mask property composite in the worker, without a network run', async () => {
      const maskUrl = URL.createObjectURL(await new Promise<Blob>((resolve) => halfMask().toBlob((blob) => resolve(blob!))));
      // The first masked run runs the networks (from then on results are kept for masks); taking the mask away does not.
      const el = await fixture<StyleTransferElement>(html`<style-transfer max-size=${SIDE} content-src=${beach} style-src=${udnie} mask-src=${maskUrl}></style-transfer>`);
      await oneEvent(el, 'stylized');
      const whole = oneEvent(el, 'stylized');
      el.removeAttribute('mask-src');
      expect(((await whole) as CustomEvent<StylizedEventDetail>).detail.timings.transformer).to.equal(0);
      const unmasked = rgbaBytes(canvasOf(el));
      const painted = oneEvent(el, 'stylized');
      el.setAttribute('mask-src', maskUrl);
      const { detail } = (await painted) as CustomEvent<StylizedEventDetail>;
      expect(detail.thread).to.equal('worker');
      expect(detail.timings.transformer, 'the transformer did not run again').to.equal(0);
      const masked = rgbaBytes(canvasOf(el));
      expect(meanDiffColumns(masked, photo, SIDE, 0, SIDE / 2 - BAND)).to.be.below(3);
      expect(meanDiffColumns(masked, unmasked, SIDE, SIDE / 2 + BAND, SIDE)).to.be.below(3);

      const inverted = oneEvent(el, 'stylized');
      el.maskInvert = true;
      await inverted;
      expect(meanDiffColumns(rgbaBytes(canvasOf(el)), photo, SIDE, SIDE / 2 + BAND, SIDE)).to.be.below(3);
      const blob = await el.toBlob();
      expect(blob.size, 'toBlob gives the masked picture').to.be.above(1000);
      URL.revokeObjectURL(maskUrl);
    });

    it('a mask that cannot load is a content-load error naming the mask; a bad feather is invalid-attribute', async () => {
      const el = await fixture<StyleTransferElement>(
        html`<style-transfer max-size="64" content-src=${beach} style-src=${udnie} mask-src="/images/content/no-such-mask.png"></style-transfer>`,
      );
      const error = await nextError(el);
      expect(error.type).to.equal('content-load');
      expect(error.message).to.match(/^the mask: .*no-such-mask\.png/);
      el.setAttribute('mask-feather', '-3');
      const bad = await nextError(el);
      expect(bad).to.deep.include({ type: 'invalid-attribute' });
      expect(bad.message).to.include('mask-feather');
    });
  });
});
