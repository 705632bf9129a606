/**
 * Live on a page that is not cross-origin isolated: the worker computes on one thread, so a second worker
 * takes every other frame. These tests run on such a page (the test server sends no COOP/COEP).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { type LiveFrame, type StylizeRequest, type StylizeResult } from '../src/engine/index.js';
import { type LiveLane, stylizeLive } from '../src/engine/live.js';
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { WorkerStylizer } from '../src/engine/worker-stylizer.js';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import '../src/style-transfer/style-transfer.js';
import { contentImages, meanAbsDiff, styleImages } from './helpers/images.js';
import { warningsDuring } from './helpers/console.js';
import { frameNumber, movingCanvas } from './helpers/moving-canvas.js';

const [chicago] = contentImages;
const [udnie] = styleImages;

/** A stylizer whose results remember the order in which they were asked for. */
function numbered(stylizer: Pick<LiveLane, 'stylize'>, asked: { count: number }, order: Map<StylizeResult, number>) {
  return {
    async stylize(request: StylizeRequest, options?: Parameters<LiveLane['stylize']>[1]) {
      const index = asked.count++;
      const result = await stylizer.stylize(request, options);
      order.set(result, index);
      return result;
    },
  };
}

describe('live with two workers (a page whose worker computes on one thread)', function () {
  before(function () {
    if (navigator.hardwareConcurrency < 2) this.skip(); // one core: no second lane, by design
  });

  it('a second worker takes frames: the same picture as the first worker, painted in the order asked, closed when the loop ends', async () => {
    const still = await movingCanvas(chicago, 96, 64); // one of two pictures each frame (a pixel differs)
    const stylizer = new WorkerStylizer();
    const asked = { count: 0 };
    const order = new Map<StylizeResult, number>();
    let laneFrames = 0;
    let closed = 0;
    const secondLane = (): LiveLane => {
      const lane = stylizer.secondLane();
      const counted = numbered(lane, asked, order);
      return {
        stylize: (request, options) => counted.stylize(request, options).then((result) => (laneFrames++, result)),
        close: () => (closed++, lane.close()),
      };
    };
    const painted: LiveFrame[] = [];
    const controller = new AbortController();
    const request = { content: still.canvas, styles: [{ src: udnie }], maxSize: 96 };
    const loop = stylizeLive({ ...numbered(stylizer, asked, order), secondLane }, request, {
      signal: controller.signal,
      onFrame: (frame) => painted.push(frame) === 40 && controller.abort(),
    });
    expect(await loop.catch((error: { type: string }) => error.type)).to.equal('aborted');
    still.stop();
    expect(laneFrames).to.be.greaterThan(5);
    expect(closed).to.be.greaterThan(0);
    const asPainted = painted.map(({ result }) => order.get(result)!);
    expect(asPainted).to.deep.equal([...asPainted].sort((a, b) => a - b)); // never an older frame over a newer one
    expect(new Set(asPainted).size).to.equal(asPainted.length);
    // Both workers paint each of the canvas's two pictures alike: every frame is one of two results.
    const pictures = [painted[0].result.image.data];
    for (const { result } of painted) {
      const known = pictures.some((picture) => meanAbsDiff(result.image.data, picture) < 0.01);
      if (!known) pictures.push(result.image.data);
    }
    expect(pictures.length, 'the pictures the two workers painted').to.be.at.most(2);
  });

  it('a second worker that fails: one warning, and the frames go on in the first', async () => {
    const still = await movingCanvas(chicago, 48, 32);
    let closed = 0;
    const failing: LiveLane = { stylize: () => Promise.reject(new Error('no second worker here')), close: () => void closed++ };
    const controller = new AbortController();
    let frames = 0;
    const warnings = await warningsDuring(async () => {
      const request = { content: still.canvas, styles: [{ src: udnie }], maxSize: 48 };
      const firstLane = new WorkerStylizer();
      const lanes = { stylize: firstLane.stylize.bind(firstLane), secondLane: () => failing };
      const loop = stylizeLive(lanes, request, { signal: controller.signal, onFrame: () => ++frames === 20 && controller.abort() });
      expect(await loop.catch((error: { type: string }) => error.type)).to.equal('aborted');
    }).finally(() => still.stop());
    expect(frames).to.equal(20);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('second live worker failed');
    expect(closed).to.be.greaterThan(0);
  });

  it("the second worker stops once the first lane's frames run elsewhere (as when an AdaptiveStylizer moves them to WebGPU)", async () => {
    const still = await movingCanvas(chicago, 48, 32);
    const inWorker = new WorkerStylizer();
    const onMainThread = new InThreadStylizer();
    let firstLaneFrames = 0;
    let movedAt: number | undefined;
    const lanesAsked: number[] = [];
    let closedAt: number | undefined;
    const firstLane = {
      stylize: (request: StylizeRequest, options?: Parameters<LiveLane['stylize']>[1]) =>
        (++firstLaneFrames <= 4 ? inWorker : onMainThread).stylize(request, options).then((result) => {
          if (result.thread === 'main') movedAt ??= firstLaneFrames;
          return result;
        }),
    };
    const secondLane = (): LiveLane => {
      const lane = inWorker.secondLane();
      return {
        stylize: (request, options) => (lanesAsked.push(firstLaneFrames), lane.stylize(request, options)),
        close: () => ((closedAt ??= firstLaneFrames), lane.close()),
      };
    };
    const controller = new AbortController();
    let frames = 0;
    const request = { content: still.canvas, styles: [{ src: udnie }], maxSize: 48 };
    const loop = stylizeLive({ ...firstLane, secondLane }, request, { signal: controller.signal, onFrame: () => ++frames === 24 && controller.abort() });
    expect(await loop.catch((error: { type: string }) => error.type)).to.equal('aborted');
    still.stop();
    expect(lanesAsked.length, 'frames the second worker took').to.be.greaterThan(0);
    expect(movedAt).to.equal(5);
    expect(closedAt, 'closed while the loop still ran').to.be.lessThan(firstLaneFrames);
    // It may finish the frame it had taken, but takes none after the first lane's frames moved.
    expect(lanesAsked.filter((asked) => asked > movedAt!).length).to.be.at.most(1);
  });

  it('the element starts one second worker for a live loop, and none for a still', async () => {
    const original = WorkerStylizer.prototype.secondLane;
    let started = 0;
    WorkerStylizer.prototype.secondLane = function () {
      started++;
      return original.call(this);
    };
    try {
      const moving = await movingCanvas(chicago, 64, 48);
      const el = await fixture<StyleTransferElement>(html`<style-transfer style-src=${udnie} max-size="64" live .content=${moving.canvas}></style-transfer>`);
      await frameNumber(el, 12);
      el.live = false; // a still of the canvas: no second worker
      await el.stylize();
      moving.stop();
      expect(started).to.equal(1);
    } finally {
      WorkerStylizer.prototype.secondLane = original;
    }
  });
});
