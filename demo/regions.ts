/**
 * The demo's regions: the whole picture, only where the visitor paints over the result (brush and eraser), or an
 * uploaded mask; and a before/after slider that shows the photo over the left part of the result. A mask change
 * composites again without a network run, so painting answers at once.
 */
import type { StyleTransferElement } from '../src/index.js';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

export function showRegions(el: StyleTransferElement): void {
  const canvas = $<HTMLCanvasElement>('#mask-canvas');
  const tools = $<HTMLDivElement>('#brush-tools');
  const upload = $<HTMLLabelElement>('#mask-upload');
  const brush = $<HTMLButtonElement>('#brush');
  const eraser = $<HTMLButtonElement>('#eraser');
  const context = canvas.getContext('2d')!;
  let region = 'whole';

  // The painted mask is white where the result shows, at the result's size.
  const fitResult = (width: number, height: number) => {
    if (canvas.width === width && canvas.height === height) return;
    Object.assign(canvas, { width, height });
    if (region === 'draw') useDrawnMask();
  };
  el.addEventListener('stylized', ({ detail }) => fitResult(detail.width, detail.height));
  const useDrawnMask = async () => (el.mask = await createImageBitmap(canvas));

  document.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.name !== 'region') return;
    region = input.value;
    canvas.hidden = tools.hidden = region !== 'draw';
    upload.hidden = region !== 'upload';
    if (region === 'whole') el.mask = undefined;
    if (region === 'draw') void useDrawnMask();
  });
  $<HTMLInputElement>('#mask-file').addEventListener('change', ({ target }) => {
    const file = (target as HTMLInputElement).files?.[0];
    if (file) el.mask = file;
  });
  $<HTMLInputElement>('#mask-invert').addEventListener('change', ({ target }) => (el.maskInvert = (target as HTMLInputElement).checked));

  const pick = (erasing: boolean) => {
    brush.setAttribute('aria-pressed', String(!erasing));
    eraser.setAttribute('aria-pressed', String(erasing));
    context.globalCompositeOperation = erasing ? 'destination-out' : 'source-over';
  };
  brush.addEventListener('click', () => pick(false));
  eraser.addEventListener('click', () => pick(true));
  $<HTMLButtonElement>('#clear-mask').addEventListener('click', () => {
    context.clearRect(0, 0, canvas.width, canvas.height);
    void useDrawnMask();
  });

  // The canvas is shown "contain"-fitted: map the pointer into its pixels.
  const at = (event: PointerEvent) => {
    const box = canvas.getBoundingClientRect();
    const scale = Math.min(box.width / canvas.width, box.height / canvas.height);
    const [left, top] = [box.left + (box.width - canvas.width * scale) / 2, box.top + (box.height - canvas.height * scale) / 2];
    return { x: (event.clientX - left) / scale, y: (event.clientY - top) / scale, radius: 18 / scale };
  };
  let drawing = false;
  const stroke = (event: PointerEvent) => {
    if (!drawing) return;
    const { x, y, radius } = at(event);
    context.fillStyle = '#fff';
    context.beginPath();
    context.arc(x, y, radius, 0, 2 * Math.PI);
    context.fill();
  };
  canvas.addEventListener('pointerdown', (event) => {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    stroke(event);
  });
  canvas.addEventListener('pointermove', stroke);
  canvas.addEventListener('pointerup', () => {
    drawing = false;
    void useDrawnMask();
  });
}

export function showBeforeAfter(el: StyleTransferElement): void {
  const before = $<HTMLImageElement>('#before');
  const slider = $<HTMLInputElement>('#compare');
  const show = () => {
    const shown = Number(slider.value);
    before.hidden = shown === 0 || !el.contentSrc || el.live;
    if (before.getAttribute('src') !== el.contentSrc) before.src = el.contentSrc;
    before.style.setProperty('clip-path', `inset(0 ${100 - shown}% 0 0)`);
  };
  slider.addEventListener('input', show);
  el.addEventListener('stylized', show);
}
