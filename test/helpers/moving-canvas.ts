/** Moving pictures for the live tests: a canvas redrawn every animation frame, and waiting for a frame number. */
import type { FrameEventDetail } from '../../src/style-transfer/style-transfer.events.js';
import { bitmapOf } from './images.js';

/** A canvas showing `url`, redrawn every animation frame (so that its captured stream keeps sending frames). */
export async function movingCanvas(url: string, width = 160, height = 120) {
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d')!;
  let picture = await bitmapOf(url);
  let running = true;
  const draw = () => {
    context.drawImage(picture, 0, 0, width, height);
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
