/** Test helpers for <style-transfer>. */
import { fixture, html, oneEvent } from '@open-wc/testing';
import { nothing } from 'lit';
import type { StyleTransferElement } from '../../src/style-transfer/style-transfer.js';
import '../../src/style-transfer/style-transfer.js';
import type { ErrorEventDetail, StylizedEventDetail } from '../../src/style-transfer/style-transfer.events.js';
import { InThreadStylizer } from '../../src/engine/in-thread-stylizer.js';
import { WorkerStylizer } from '../../src/engine/worker-stylizer.js';

export async function stylizedElement(attrs: { content: string; style: string; strength?: number; maxSize?: number; tileSize?: number }) {
  const el = await fixture<StyleTransferElement>(
    html`<style-transfer
      content-src=${attrs.content}
      style-src=${attrs.style}
      strength=${attrs.strength ?? 1}
      max-size=${attrs.maxSize ?? 1024}
      tile-size=${attrs.tileSize ?? nothing}
    ></style-transfer>`,
  );
  const event = await oneEvent(el, 'stylized');
  return { el, detail: event.detail as StylizedEventDetail };
}

export async function nextError(el: HTMLElement): Promise<ErrorEventDetail> {
  return ((await oneEvent(el, 'error')) as CustomEvent<ErrorEventDetail>).detail;
}

export function canvasOf(el: StyleTransferElement): HTMLCanvasElement {
  return el.shadowRoot!.querySelector('canvas')!;
}

/** Tensors alive in the page's TF.js runtime and in its worker's, where elements run by default. */
export async function tensorCount(): Promise<number> {
  const [page, worker] = await Promise.all([new InThreadStylizer().numTensors(), new WorkerStylizer().numTensors()]);
  return page + worker;
}

/** A JPEG of `width`×`height` drawn from `url`, as an object URL. */
export async function resizedImageUrl(url: string, width: number, height: number): Promise<string> {
  const bitmap = await createImageBitmap(await (await fetch(url)).blob());
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
  return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 }));
}
