/** Live stylization: a video, a MediaStream or a canvas repainted frame after frame, without leaks. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { type LiveFrame } from '../src/engine/index.js';
import { stylizeLive } from '../src/engine/live.js';
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import { canvasOf, nextError, tensorCount } from './helpers/element.js';
import { bitmapOf, contentImages, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';
import { frameNumber, movingCanvas } from './helpers/moving-canvas.js';
import { styleNetworkRuns } from './helpers/style-network-runs.js';

const [chicago, goldenGate] = contentImages;
const [udnie] = styleImages;

/** A short WebM recorded from a moving canvas, as an object URL. */
async function recordedVideo(): Promise<string> {
  const moving = await movingCanvas(chicago);
  const recorder = new MediaRecorder(moving.canvas.captureStream(30), { mimeType: 'video/webm' });
  const chunks: Blob[] = [];
  recorder.ondataavailable = ({ data }) => chunks.push(data);
  const started = oneEvent(recorder, 'start');
  recorder.start();
  await started;
  // Sixty frames of the canvas (redrawn at every animation frame): about a second of video, counted in frames
  // drawn rather than in time, which a busy machine may spend drawing few.
  for (let frame = 0; frame < 60; frame++) await new Promise(requestAnimationFrame);
  recorder.stop();
  await oneEvent(recorder, 'stop');
  moving.stop();
  return URL.createObjectURL(new Blob(chunks, { type: 'video/webm' }));
}

describe('live stylization', () => {
  it('repaints a canvas 1000 times with no tensor left behind, reporting fps', async () => {
    const moving = await movingCanvas(chicago, 48, 32);
    const el = await fixture<StyleTransferElement>(html`<style-transfer style-src=${udnie} max-size="32" live .content=${moving.canvas}></style-transfer>`);
    await frameNumber(el, 5);
    const before = await tensorCount();
    const last = await frameNumber(el, 1005);
    el.live = false; // stops the loop, then paints once as a still
    await oneEvent(el, 'stylized');
    moving.stop();
    expect(await tensorCount()).to.equal(before);
    expect(last.fps).to.be.greaterThan(1);
    expect([last.width, last.height]).to.deep.equal([32, 21]);
  });

  it('follows a MediaStream: each frame is the newest picture, stylized with a style vector computed once', async () => {
    const moving = await movingCanvas(chicago);
    const stylizer = new InThreadStylizer();
    const frames: LiveFrame[] = [];
    const controller = new AbortController();
    const request = { content: moving.canvas.captureStream(), styles: [{ src: udnie }], maxSize: 128 };
    const runs = await styleNetworkRuns(async () => {
      const loop = stylizeLive(stylizer, request, {
        signal: controller.signal,
        onFrame: (frame) => {
          frames.push(frame);
          if (frames.length === 5) void moving.show(goldenGate);
          if (frames.length === 20) controller.abort();
        },
      });
      expect(((await loop.catch((e: unknown) => e)) as { type: string }).type).to.equal('aborted');
    });
    moving.stop();
    expect(runs).to.equal(1); // the painting, once
    const [first, last] = [frames[0].result.image, frames[19].result.image];
    // The same style on another photo: clearly another picture.
    expect(meanAbsDiff(first.data, last.data)).to.be.greaterThan(15);
    // The first frame is the stylized photo, as a still run of it paints it.
    const still = await stylizer.stylize({ content: chicago, styles: [{ src: udnie }], maxSize: 128 });
    const resized = await createImageBitmap(await bitmapOf(chicago), { resizeWidth: 128, resizeHeight: 96 });
    const stillOfCanvas = await stylizer.stylize({ content: resized, styles: [{ vector: still.styleVector }], maxSize: 128 });
    // A stream's frames come through video colour conversion (by 6.1/255 in Firefox): far closer than another photo.
    expect(meanAbsDiff(first.data, stillOfCanvas.image.data)).to.be.lessThan(8);
  });

  it('with strength below 1, computes the frame’s own style vector every 30 frames, not every frame', async () => {
    const moving = await movingCanvas(chicago);
    const controller = new AbortController();
    let frames = 0;
    const request = { content: moving.canvas, styles: [{ src: udnie }], maxSize: 64, strength: 0.5 };
    const runs = await styleNetworkRuns(() =>
      stylizeLive(new InThreadStylizer(), request, { signal: controller.signal, onFrame: () => ++frames === 31 && controller.abort() }).catch(() => {}),
    );
    moving.stop();
    expect(runs).to.equal(3); // the painting once, the frame's own style at frames 1 and 31
  });

  it('plays a video file given as content-src, and says to add live when it is missing', async () => {
    const video = await recordedVideo();
    const el = await fixture<StyleTransferElement>(html`<style-transfer content-src=${video} style-src=${udnie} max-size="96" live></style-transfer>`);
    const { width, fps } = await frameNumber(el, 3);
    expect(width).to.equal(96);
    expect(fps).to.be.greaterThan(0);
    const painted = rgbaBytes(canvasOf(el));
    expect(meanAbsDiff(painted, rgbaBytes(await createImageBitmap(await bitmapOf(chicago), { resizeWidth: 96, resizeHeight: 72 })))).to.be.greaterThan(15);
    el.live = false;
    const detail = await nextError(el);
    expect(detail.type).to.equal('content-load');
    expect(detail.message).to.contain('is a video: add the live attribute');
    URL.revokeObjectURL(video);
  });

  it('a MediaStream without live, or one whose video has ended → content-load saying why', async () => {
    const moving = await movingCanvas(chicago);
    const stream = moving.canvas.captureStream();
    const el = await fixture<StyleTransferElement>(html`<style-transfer style-src=${udnie}></style-transfer>`);
    const notLive = nextError(el);
    el.content = stream;
    expect((await notLive).message).to.contain('add the live attribute');
    stream.getTracks().forEach((track) => track.stop());
    moving.stop();
    const ended = nextError(el);
    el.live = true;
    const detail = await ended;
    expect(detail.type).to.equal('content-load');
    expect(detail.message).to.contain('the MediaStream has no live video track');
  });

  it('a camera stopped while live → content-load, and the element stays usable', async () => {
    const moving = await movingCanvas(chicago);
    const stream = moving.canvas.captureStream();
    const el = await fixture<StyleTransferElement>(html`<style-transfer style-src=${udnie} max-size="64" live .content=${stream}></style-transfer>`);
    await frameNumber(el, 3);
    const stopped = nextError(el);
    stream.getTracks().forEach((track) => track.stop());
    const detail = await stopped;
    expect(detail.type).to.equal('content-load');
    expect(detail.message).to.contain('no live video track');
    const again = frameNumber(el, 2);
    el.content = moving.canvas;
    expect((await again).width).to.equal(64);
    el.live = false;
    moving.stop();
  });

  it('a canvas that stops changing is stylized once: no more frames until its pixels change', async () => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 48 });
    const context = canvas.getContext('2d')!;
    context.drawImage(await bitmapOf(chicago), 0, 0, 64, 48);
    const el = await fixture<StyleTransferElement>(html`<style-transfer style-src=${udnie} max-size="64" live .content=${canvas}></style-transfer>`);
    await frameNumber(el, 1);
    const first = rgbaBytes(canvasOf(el));
    let frames = 1;
    el.addEventListener('frame', () => frames++);
    // Thirty animation frames of the same pixels: before this check, a loop ran a frame on every one it could.
    for (let i = 0; i < 30; i++) await new Promise(requestAnimationFrame);
    expect(frames, 'frames painted of an unchanged canvas').to.equal(1);
    context.drawImage(await bitmapOf(goldenGate), 0, 0, 64, 48);
    await frameNumber(el, 2);
    expect(meanAbsDiff(rgbaBytes(canvasOf(el)), first)).to.be.greaterThan(15);
    el.live = false;
  });

  it('a <video> that fails while live → content-load saying so, and the element stays usable', async () => {
    const video = Object.assign(document.createElement('video'), { muted: true, loop: true, src: await recordedVideo() });
    await video.play();
    const el = await fixture<StyleTransferElement>(html`<style-transfer style-src=${udnie} max-size="64" live .content=${video}></style-transfer>`);
    await frameNumber(el, 2);
    const failed = nextError(el);
    video.src = URL.createObjectURL(new Blob([new Uint8Array(4096).fill(7)], { type: 'video/webm' }));
    const detail = await failed;
    expect(detail.type).to.equal('content-load');
    expect(detail.message).to.contain('the video stopped with an error');
    const painted = oneEvent(el, 'stylized');
    el.live = false;
    el.contentSrc = chicago;
    el.content = undefined;
    expect(((await painted) as CustomEvent<{ width: number }>).detail.width).to.equal(64);
  });

  it('a failed run ends the loop for good: it stops asking for frames', async () => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 64 });
    const asked = { count: 0 };
    const original = window.requestAnimationFrame;
    window.requestAnimationFrame = (callback) => (asked.count++, original.call(window, callback));
    try {
      const request = { content: canvas, styles: [{ vector: new Float32Array(7) }], maxSize: 64 }; // the wrong length
      const error = await stylizeLive(new InThreadStylizer(), request, { signal: new AbortController().signal, onFrame: () => {} }).catch((e: unknown) => e);
      expect((error as { type: string }).type).to.equal('invalid-request');
      const after = asked.count;
      await new Promise((resolve) => original.call(window, () => original.call(window, () => original.call(window, resolve))));
      expect(asked.count - after).to.be.at.most(1); // at most the callback already scheduled when the run failed
    } finally {
      window.requestAnimationFrame = original;
    }
  });
});
