/** Moving pictures for the live tests: a canvas redrawn every animation frame, and waiting for a frame number. */
import type { FrameEventDetail } from '../../src/style-transfer/style-transfer.events.js';
import { bitmapOf } from './images.js';

/**
 * A canvas showing `url`, redrawn every animation frame with its top-left pixel turning black and white by turns:
 * a picture that changes every frame (a live loop stylizes a canvas only when its pixels change), and so a
 * captured stream that keeps sending frames.
 */
export async function movingCanvas(url: string, width = 160, height = 120) {
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d')!;
  let picture = await bitmapOf(url);
  let running = true;
  let frame = 0;
  const draw = () => {
    context.drawImage(picture, 0, 0, width, height);
    context.fillStyle = frame++ % 2 ? '#fff' : '#000';
    context.fillRect(0, 0, 1, 1);
    if (running) requestAnimationFrame(draw);
  };
  draw();
  return {
    canvas,
    show: async (next: string) => void (picture = await bitmapOf(next)),
    stop: () => void (running = false),
  };
}

/** Resolves with the `frame` event whose `frames` reaches `count`. */
export function frameNumber(el: HTMLElement, count: number): Promise<FrameEventDetail> {
  return new Promise((resolve) => {
    const listener = ({ detail }: CustomEvent<FrameEventDetail>) => {
      if (detail.frames < count) return;
      el.removeEventListener('frame', listener as EventListener);
      resolve(detail);
    };
    el.addEventListener('frame', listener as EventListener);
  });
}
