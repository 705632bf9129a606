/** Wires the demo's controls to one <style-transfer> element. No framework: plain DOM. */
import { type StyleTransferElement, styleVectorFromText, styleVectorToText } from '../src/index.js';
import { showBeforeAfter, showRegions } from './regions.js';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

const el = $<StyleTransferElement>('#st');
const strength = $<HTMLInputElement>('#strength');
const strengthValue = $<HTMLOutputElement>('#strength-value');
const status = $<HTMLParagraphElement>('#status');
const errorBox = $<HTMLParagraphElement>('#error');
const download = $<HTMLButtonElement>('#download');
/** Shown in the stage while no painting is ticked; otherwise the element's own loading indicator shows. */
const placeholder = Object.assign(document.createElement('div'), { className: 'placeholder', textContent: 'Tick a painting to stylize the photo' });
const progressBar = $<HTMLProgressElement>('#progress');

type Kind = 'content' | 'style';
const attribute = { content: 'content-src', style: 'style-src' } as const;

/** File names of uploaded images by object URL, so messages name the file, not a blob: URL. */
const fileNames = new Map<string, string>();
/** The latest upload per panel: a new upload replaces its thumbnail and frees its URL. */
const uploads: Partial<Record<Kind, string>> = {};

// Picking a photo sets content-src; ticking paintings sets style-src (one, or a weighted list to mix).
document.addEventListener('change', (event) => {
  const input = event.target as HTMLInputElement;
  if (input.type === 'radio' && input.name in attribute) {
    stopMoving();
    el.setAttribute(attribute[input.name as Kind], input.value);
  }
  if (input.type === 'checkbox' && input.name === 'style') showMix();
  if (input.type === 'file' && input.dataset.kind && input.files?.[0]) useFile(input.dataset.kind as Kind, input.files[0]);
});

// Moving pictures: the camera (a MediaStream) or a video file, stylized live until a photo is picked again.
const camera = $<HTMLButtonElement>('#camera');
let stream: MediaStream | undefined;
let videoUrl: string | undefined;

function stopMoving(): void {
  stream?.getTracks().forEach((track) => track.stop());
  if (videoUrl) URL.revokeObjectURL(videoUrl);
  stream = videoUrl = undefined;
  camera.textContent = 'Camera';
  el.live = false;
  el.content = undefined;
}

/** Why the camera could not start, in words (getUserMedia's errors are DOMException names). */
function cameraProblem(problem: unknown): string {
  const name = (problem as DOMException | undefined)?.name;
  if (name === 'NotAllowedError') return 'Camera access was denied: allow it in the browser’s site settings, or pick a photo.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera was found on this device.';
  if (name === 'NotReadableError') return 'The camera is in use by another application.';
  if (!navigator.mediaDevices) return 'The camera needs a secure page (https or localhost).';
  return `The camera could not start: ${(problem as Error).message}`;
}

camera.addEventListener('click', async () => {
  if (stream) return stopMoving();
  try {
    const started = await navigator.mediaDevices.getUserMedia({ video: true });
    stopMoving();
    stream = started;
    camera.textContent = 'Stop camera';
    el.content = stream;
    el.live = true;
  } catch (problem) {
    error = { type: 'camera', message: cameraProblem(problem) };
    showStatus();
  }
});

$<HTMLInputElement>('#video-file').addEventListener('change', ({ target }) => {
  const file = (target as HTMLInputElement).files?.[0];
  if (!file) return;
  stopMoving();
  videoUrl = URL.createObjectURL(file);
  fileNames.set(videoUrl, file.name);
  el.live = true;
  el.contentSrc = videoUrl;
});

/** Weights of the ticked paintings, kept while they stay ticked. */
const weights = new Map<string, number>();
const mix = $<HTMLDivElement>('#mix');

/** One weight slider per ticked painting (when there are several), and the style-src list they make. */
function showMix(): void {
  const ticked = [...document.querySelectorAll<HTMLInputElement>('input[name="style"]:checked')];
  mix.replaceChildren(
    ...(ticked.length < 2 ? [] : ticked.map((input) => {
      const row = document.createElement('label');
      const thumb = Object.assign(document.createElement('img'), { src: input.value, alt: '' });
      const slider = Object.assign(document.createElement('input'), { type: 'range', min: '0', max: '1', step: '0.05', value: String(weights.get(input.value) ?? 1) });
      slider.setAttribute('aria-label', `Weight of ${input.nextElementSibling?.getAttribute('alt') || 'this painting'}`);
      const value = Object.assign(document.createElement('output'), { value: Number(slider.value).toFixed(2) });
      slider.addEventListener('input', () => (value.value = Number(slider.value).toFixed(2)));
      slider.addEventListener('change', () => {
        weights.set(input.value, Number(slider.value));
        applyStyles(ticked);
      });
      row.append(thumb, slider, value);
      return row;
    })),
  );
  applyStyles(ticked);
}

function applyStyles(ticked: HTMLInputElement[]): void {
  el.styles = undefined; // back from a pasted style to the paintings
  el.styleSrc = ticked.map((input) => `${input.value} ${weights.get(input.value) ?? 1}`).join(', ');
  // No painting: the element takes its result down and waits; say what it waits for, and offer nothing to save.
  if (ticked.length) placeholder.remove();
  else el.append(placeholder);
  if (!ticked.length) {
    result = '';
    download.disabled = copyStyle.disabled = true;
    showStatus();
  }
}

// Dropping a file onto a panel works like uploading it there.
for (const panel of document.querySelectorAll<HTMLElement>('.panel[data-kind]')) {
  panel.addEventListener('dragover', (event) => {
    event.preventDefault();
    panel.classList.add('dragging');
  });
  panel.addEventListener('dragleave', (event) => {
    if (!panel.contains(event.relatedTarget as Node)) panel.classList.remove('dragging');
  });
  panel.addEventListener('drop', (event) => {
    event.preventDefault();
    panel.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file) useFile(panel.dataset.kind as Kind, file);
  });
}

/** Adds the file as a selected thumbnail (object URL; nothing leaves the browser). */
function useFile(kind: Kind, file: File): void {
  const url = URL.createObjectURL(file);
  fileNames.set(url, file.name);
  const thumbs = $(`#${kind}-panel .thumbs`);
  const previous = uploads[kind];
  if (previous) {
    thumbs.querySelector(`input[value="${previous}"]`)?.closest('label')?.remove();
    URL.revokeObjectURL(previous);
  }
  uploads[kind] = url;
  const label = document.createElement('label');
  label.className = 'uploaded';
  label.innerHTML = `<input type="${kind === 'style' ? 'checkbox' : 'radio'}" name="${kind}" /><img alt="" />`;
  const [radio, img] = [label.querySelector('input')!, label.querySelector('img')!];
  radio.value = url;
  img.src = url;
  img.alt = `Your ${kind === 'content' ? 'photo' : 'painting'}: ${file.name}`;
  img.onerror = () => img.replaceWith(Object.assign(document.createElement('span'), { textContent: file.name }));
  thumbs.append(label);
  radio.checked = true;
  if (kind === 'style') showMix();
  else el.setAttribute(attribute[kind], url);
}

// Strength: show the value while dragging, re-run only when released (a run takes seconds on CPU).
strength.addEventListener('input', () => (strengthValue.value = Number(strength.value).toFixed(2)));
strength.addEventListener('change', () => (el.strength = Number(strength.value)));
$<HTMLInputElement>('#preserve-colors').addEventListener('change', (event) => (el.preserveColors = (event.target as HTMLInputElement).checked));
$<HTMLSelectElement>('#model').addEventListener('change', (event) => (el.model = (event.target as HTMLSelectElement).value));
$<HTMLSelectElement>('#max-size').addEventListener('change', (event) => (el.maxSize = Number((event.target as HTMLSelectElement).value)));

// Status: busy while a run is in progress (the element reflects `busy`), else the last result and any error.
let result = '';
let error: { type: string; message: string } | undefined;
let step = '';

/** What a run is doing now, from the element's `progress` events. */
const PHASES: Record<string, (loaded: number, total: number) => string> = {
  model: (loaded, total) => `Downloading the model… ${total ? Math.round((100 * loaded) / total) : 0}%`,
  decode: () => 'Reading the photo…',
  style: (loaded, total) => `Analysing the style… (${loaded}/${total})`,
  transformer: () => 'Repainting…',
  tile: (loaded, total) => `Repainting… tile ${loaded} of ${total}`,
};
el.addEventListener('progress', ({ detail }) => {
  step = PHASES[detail.phase](detail.loaded, detail.total);
  progressBar.value = detail.totalProgress;
  showStatus();
});

function showStatus(): void {
  document.body.classList.toggle('busy', el.busy);
  if (el.busy) error = undefined;
  status.textContent = el.busy
    ? step || 'Stylizing…'
    : error ? (result ? `Previous result: ${result}` : 'Failed')
    : result || 'Pick a photo and a painting';
  errorBox.hidden = !error;
  if (error) errorBox.replaceChildren(Object.assign(document.createElement('strong'), { textContent: error.type }), ` ${error.message}`);
}
new MutationObserver(showStatus).observe(el, { attributes: true, attributeFilter: ['busy'] });

el.addEventListener('stylized', ({ detail }) => {
  const cores = detail.threads > 1 ? ` × ${detail.threads} threads` : '';
  result = `${detail.width}×${detail.height} px in ${Math.round(detail.durationMs)} ms · ${detail.backend}${cores} · ${detail.model}`;
  document.body.classList.add('painted');
  download.disabled = copyStyle.disabled = false;
  showStatus();
});

el.addEventListener('frame', ({ detail }) => {
  result = `Live · ${detail.width}×${detail.height} px · ${detail.fps.toFixed(1)} fps · ${detail.backend}`;
  document.body.classList.add('painted');
  download.disabled = copyStyle.disabled = false;
  showStatus();
});

// `error` does not bubble: listen on the element itself.
el.addEventListener('error', ({ detail }) => {
  let message = detail.message;
  for (const [url, name] of fileNames) message = message.replaceAll(url, name);
  error = { type: detail.type, message };
  showStatus();
});

// A look as text: copy the result's style vector, or paste one to paint with it.
const copyStyle = $<HTMLButtonElement>('#copy-style');
copyStyle.addEventListener('click', async () => {
  await navigator.clipboard.writeText(styleVectorToText(el.styleVector!));
  copyStyle.textContent = 'Copied';
  // What the text is for: this look on another page, with no painting and no style network to download.
  status.textContent = 'Style copied: paste it here, or into <style-transfer style-vector="…"> on your page (no painting, no style network to download)';
  setTimeout(() => (copyStyle.textContent = 'Copy style'), 1500);
});
$<HTMLFormElement>('#paste-style').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $<HTMLInputElement>('#style-text').value.trim();
  try {
    el.styleVector = styleVectorFromText(text);
  } catch (problem) {
    error = { type: 'invalid style', message: (problem as Error).message };
    showStatus();
  }
});

download.addEventListener('click', async () => {
  const blob = await el.toBlob().catch(() => undefined);
  if (!blob) return void (download.disabled = true); // the result was taken down meanwhile
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'stylized.png';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});

showRegions(el);
showBeforeAfter(el);
