/** Large images, tile by tile: the picture of one whole-image run, no seam, progress per tile, any size, tiles shared with a helper worker. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { type StylizeProgress, type StylizeRequest } from '../src/engine/index.js';
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { Networks } from '../src/engine/networks.js';
import { type TileHelper } from '../src/engine/tile-helper.js';
import { WorkerStylizer } from '../src/engine/worker-stylizer.js';
import { planTiles, TILE_FEATHER } from '../src/engine/tiles.js';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import type { ProgressEventDetail } from '../src/style-transfer/style-transfer.events.js';
import { contentImages, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';
import { resizedImageUrl, tensorCount } from './helpers/element.js';

const [chicago] = contentImages;
const [udnie] = styleImages;

/** Mean absolute difference between neighbouring pixels across each column border x | x + 1 (or row border). */
function steps({ data, width, height }: ImageData, across: 'columns' | 'rows'): Float64Array {
  const [length, along] = across === 'columns' ? [width, height] : [height, width];
  const at = (i: number, j: number) => (across === 'columns' ? j * width + i : i * width + j) * 4;
  const result = new Float64Array(length - 1);
  for (let i = 0; i + 1 < length; i++) {
    let sum = 0;
    for (let j = 0; j < along; j++) {
      const [p, q] = [at(i, j), at(i + 1, j)];
      sum += Math.abs(data[p] - data[q]) + Math.abs(data[p + 1] - data[q + 1]) + Math.abs(data[p + 2] - data[q + 2]);
    }
    result[i] = sum / (3 * along);
  }
  return result;
}

/**
 * `count()` once it equals `expected`, asked again as soon as each answer is in (a worker answers between its
 * tasks: each ask waits out the tile under way there); its last value if 30 s pass first, a safety net only.
 */
async function settledCount(count: () => Promise<number>, expected: number, ms = 30_000): Promise<number> {
  let value = await count();
  for (const start = performance.now(); value !== expected && performance.now() - start < ms; value = await count()) {
    await new Promise((resolve) => setTimeout(resolve)); // a turn for the page's other tasks, not a wait of any length
  }
  return value;
}

describe('tiled stylization', () => {
  let photo: string;
  before(async () => {
    photo = await resizedImageUrl(chicago, 1024, 1024);
  });
  after(() => URL.revokeObjectURL(photo));

  it('a 1024² photo in tiles of 256 is the whole-image picture (mean abs diff ≤ 0.1/255), with no seam', async () => {
    const stylizer = new InThreadStylizer();
    const request: StylizeRequest = { content: photo, styles: [{ src: udnie }], maxSize: 1024 };
    const whole = (await stylizer.stylize({ ...request, tileSize: 0 })).image;
    const tiled = (await stylizer.stylize({ ...request, tileSize: 256 })).image;
    // Up to 1024² the statistics every tile is normalised with are the whole photo's own: only the margins
    // and the cross-fades could differ, and they do not (each tile sees 32 pixels of context).
    expect(meanAbsDiff(tiled.data, whole.data)).to.be.at.most(0.1);
    expect(meanAbsDiff(tiled.data, rgbaBytes(await createImageBitmap(await (await fetch(photo)).blob())))).to.be.greaterThan(20);
    // No seam: across every tile border, and the pixels either side of it, neighbours differ no more than in the whole-image run.
    const borders = [256, 512, 768].flatMap((b) => Array.from({ length: 2 * TILE_FEATHER + 2 }, (_, i) => b - TILE_FEATHER - 1 + i));
    for (const across of ['columns', 'rows'] as const) {
      const [ours, reference] = [steps(tiled, across), steps(whole, across)];
      for (const x of borders) expect(ours[x], `${across} ${x}|${x + 1}`).to.be.closeTo(reference[x], 0.25);
    }
  });

  for (const [where, make] of [['main thread', () => new InThreadStylizer()], ['worker', () => new WorkerStylizer()]] as const) {
    it(`reports each tile, and a cancelled run stops between tiles and leaves no tensor behind (${where})`, async () => {
      const stylizer = make();
      const request: StylizeRequest = { content: photo, styles: [{ src: udnie }], maxSize: 512, tileSize: 128 };
      const seen: StylizeProgress[] = [];
      await stylizer.stylize(request, { onProgress: (p) => seen.push(p) });
      const tiles = seen.filter((p) => p.phase === 'tile');
      expect(tiles.map((p) => p.loaded)).to.deep.equal([...Array(16).keys()].map((i) => i + 1));
      expect(tiles.every((p) => p.total === 16)).to.be.true;
      expect(planTiles(512, 512, 128)).to.have.length(16);

      const before = await stylizer.numTensors();
      const controller = new AbortController();
      const done: number[] = [];
      const onProgress = (p: StylizeProgress) => {
        if (p.phase !== 'tile') return;
        done.push(p.loaded);
        if (p.loaded === 3) controller.abort();
      };
      const error = await stylizer.stylize(request, { signal: controller.signal, onProgress }).catch((e: unknown) => e);
      expect((error as { type: string }).type).to.equal('aborted');
      // In the worker, the abort message crosses while the next tile may already be under way: one more at most.
      expect(done.slice(0, 3)).to.deep.equal([1, 2, 3]);
      expect(done.length).to.be.at.most(where === 'worker' ? 4 : 3);
      // The page hears "aborted" at once; the worker lets go of its tensors when its tile in progress ends.
      expect(await settledCount(() => stylizer.numTensors(), before)).to.equal(before);
    });
  }

  it('shares the tiles with a helper worker where the worker computes on one thread: the same picture, no tensor left', async () => {
    const request: StylizeRequest = { content: photo, styles: [{ src: udnie }], maxSize: 1024, tileSize: 256 };
    const alone = await new InThreadStylizer().stylize(request); // the main thread never starts a helper
    const worker = new WorkerStylizer();
    const before = await worker.numTensors();
    const shared = await worker.stylize(request);
    expect(alone.helperTiles).to.equal(0);
    if (navigator.hardwareConcurrency > 1 && shared.threads === 1) {
      // 16 tiles between two workers: each does some (the helper starts while the first computes the statistics).
      expect(shared.helperTiles).to.be.within(1, 15);
    }
    // The helper normalises its tiles with the first worker's statistics: its tiles are the first's, to the level.
    expect(meanAbsDiff(shared.image.data, alone.image.data)).to.be.at.most(0.01);
    expect(await worker.numTensors()).to.equal(before);
  });

  it('a helper that fails, or cannot start, changes nothing but the speed: every tile is painted here', async () => {
    const engine = await Networks.load();
    const content = await createImageBitmap(await (await fetch(photo)).blob(), { resizeWidth: 512, resizeHeight: 512 });
    const style = await engine.styleVector(await createImageBitmap(await (await fetch(udnie)).blob()));
    const alone = await engine.stylize(content, style, { tileSize: 128 });
    let handed = 0;
    const failing: TileHelper = {
      transform: async ({ piece }) => {
        handed++;
        piece.close();
        throw new Error('the helper crashed');
      },
      close: () => {},
    };
    const afterFailure = await engine.stylize(content, style, { tileSize: 128, startTileHelper: () => failing });
    const unstartable = await engine.stylize(content, style, {
      tileSize: 128,
      startTileHelper: () => {
        throw new Error('nested workers are blocked');
      },
    });
    expect(meanAbsDiff(afterFailure.image.data, alone.image.data)).to.equal(0);
    expect(meanAbsDiff(unstartable.image.data, alone.image.data)).to.equal(0);
    expect([afterFailure.helperTiles, unstartable.helperTiles]).to.deep.equal([0, 0]);
    // Where a helper is worth starting (one thread, several cores), it was handed a tile or two before it failed.
    if (navigator.hardwareConcurrency > 1 && engine.threads === 1) expect(handed).to.be.within(1, 2);
    content.close();
  });

  it('tiles a photo too large for one run by itself, and toBlob() gives the full resolution', async () => {
    const big = await resizedImageUrl(chicago, 2400, 1600);
    await new WorkerStylizer().preload(); // the element runs in the worker: its models are not a leak
    const before = await tensorCount();
    const el = await fixture<StyleTransferElement>(html`<style-transfer content-src=${big} style-src=${udnie} max-size="2400"></style-transfer>`);
    const tilesSeen: ProgressEventDetail[] = [];
    el.addEventListener('progress', ({ detail }) => detail.phase === 'tile' && tilesSeen.push(detail));
    const { detail } = await oneEvent(el, 'stylized');
    expect([detail.width, detail.height]).to.deep.equal([2400, 1600]);
    expect(tilesSeen.at(-1)).to.deep.equal({ phase: 'tile', loaded: 20, total: 20, totalProgress: 1, outputSize: { width: 2400, height: 1600 } }); // 5 × 4 tiles of at most 512
    const overall = tilesSeen.map((tile) => tile.totalProgress);
    expect(overall.every((value, i) => i === 0 || value > overall[i - 1]), `the overall progress rises with each tile: ${overall}`).to.equal(true);
    const blob = await el.toBlob();
    const decoded = await createImageBitmap(blob);
    expect([decoded.width, decoded.height]).to.deep.equal([2400, 1600]);
    expect(await tensorCount()).to.equal(before);
    URL.revokeObjectURL(big);
  });
});
