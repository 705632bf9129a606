import { html, LitElement, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { type BackendChoice, releaseModels } from '../engine/index.js';
import type { ImageInput, LiveSource, StyleFit, StyleSource, StyleVector, StylizeResult } from '../engine/index.js';
import { numberOr } from './attribute-values.js';
import type { StyleTransferErrorType, StyleTransferEventMap, StylizedEventDetail } from './style-transfer.events.js';
import { RUN_INPUTS, requestFor } from './style-transfer.request.js';
import { styles } from './style-transfer.styles.js';
import { StylizeController } from './stylize-controller.js';

/**
 * Repaints a photo in the style of a painting, entirely in the visitor's
 * browser (arbitrary neural style transfer, Ghiasi et al. 2017).
 *
 * @tag style-transfer
 * @summary `<style-transfer content-src="photo.jpg" style-src="painting.jpg">` paints the stylized photo.
 *
 * @fires {CustomEvent<StylizedEventDetail>} stylized - A new result is painted. `detail`: `{ width, height, durationMs,
 *   timings, styleVector, backend, threads, model, thread }`.
 * @fires {CustomEvent<FrameEventDetail>} frame - With `live`, a frame is painted. `detail`: the `stylized` detail plus
 *   `frames` (painted so far) and `fps` (frames painted per second, over the last ten).
 * @fires {CustomEvent<ProgressEventDetail>} progress - A run moved on: `detail`: `{ totalProgress, phase, loaded, total }`,
 *   `totalProgress` the whole run from 0 to 1 (it never goes back), `phase` one of `model` (bytes downloaded),
 *   `decode`, `style` (paintings analysed), `transformer`, `tile` (tiles done of a tiled run).
 * @fires {CustomEvent<ErrorEventDetail>} error - A run failed. `detail`: `{ type, message }`, `type` one of `content-load`, `style-load`,
 *   `model-load`, `model-integrity`, `backend`, `invalid-attribute`, `too-large`, `context-lost`, `inference`. Does not bubble (like `<img>`'s).
 *
 * @slot - Shown until the first result is painted (e.g. a placeholder or the original photo), except while an error is
 *   shown; in place of the built-in loading indicator.
 * @slot error - Replaces the built-in message shown when a run fails.
 *
 * @csspart canvas - The `<canvas>` holding the result, at full output resolution.
 * @csspart error - The box that shows why the last run failed (hidden after a good run).
 * @csspart loading - The built-in loading indicator: the box the result will fill, with a bar of the run's progress
 *   along its bottom edge; shown until the first result (`::part(loading) { display: none }` hides it).
 *
 * @cssproperty --style-transfer-object-fit - How the result fits the element's box (default `contain`).
 * @cssproperty --style-transfer-busy-opacity - The result's opacity while a new run is in progress (default 0.6).
 * @cssproperty --style-transfer-error-color - Text colour of the error box (default `#7f1d1d`).
 * @cssproperty --style-transfer-error-background - Background of the error box (default `#fef2f2`).
 * @cssproperty --style-transfer-loading-background - The loading indicator's box (default a faint grey).
 * @cssproperty --style-transfer-progress-color - The loading indicator's bar (default `currentColor`).
 * @cssproperty --style-transfer-progress-height - The loading indicator's bar height (default `3px`).
 */
export class StyleTransferElement extends LitElement {
  static override styles = styles;

  /**
   * Page-wide settings, as model-viewer has them: set once, before the first element connects
   * (TF.js starts once per page). The `backend` and `wasm-base-url` attributes of the first
   * element that connects still work and win over these.
   */
  static backend?: BackendChoice;
  /** Page-wide: the folder holding tfjs-backend-wasm's `.wasm` files (see `wasm-base-url`). */
  static wasmBaseUrl?: string;
  /**
   * Page-wide: run the networks in one shared Web Worker (default), so the page stays responsive;
   * `false` runs them on the main thread. Browsers without module workers and OffscreenCanvas use
   * the main thread anyway.
   */
  static worker = true;
  /**
   * Page-wide: keep each painting's 100-number style vector in the page's Cache Storage, so that a later
   * visit skips the style network for it (default); `false` keeps nothing. A photo's own vector is never kept.
   */
  static storeStyleVectors = true;
  /**
   * Page-wide: keep the models as converted (about 10 MB) in the page's Cache Storage, so that a later visit
   * loads them without converting or downloading them again (default); `false` keeps nothing.
   */
  static storeConvertedModels = true;
  /**
   * Page-wide: milliseconds a download (photo, painting, model file) may go without a byte, and the worker may
   * take to start, before the run fails with an error naming what hung (or, for the worker, runs on the main
   * thread instead); default 30 000.
   */
  static stallTimeout?: number;

  /**
   * Page-wide: frees every model file loaded so far (main thread and worker), e.g. once the last element
   * is gone; call it when no run is under way. The next run loads what it needs again.
   */
  static releaseModels(): Promise<void> {
    return releaseModels();
  }

  /** URL of the photo to repaint (or, with `live`, of a video file). */
  @property({ attribute: 'content-src' }) contentSrc = '';

  /**
   * The content as a value, in place of `content-src` while set: a Blob, ImageBitmap, canvas, `<img>` or
   * `<video>` (its current frame), or, with `live`, a MediaStream (e.g. a camera's), a `<video>` or a canvas.
   */
  @property({ attribute: false }) content?: ImageInput | LiveSource;

  /**
   * Stylize the content continuously (a video, a MediaStream, a canvas being drawn on, or a video file's
   * URL): always the newest frame, dropping frames while busy. Each painted frame fires `frame`.
   */
  @property({ type: Boolean }) live = false;

  /**
   * URL of the painting whose style is used, or several with weights, as srcset writes them:
   * `udnie.jpg 0.7, seaport.jpg 0.3` (an omitted weight is 1; weights are normalised).
   */
  @property({ attribute: 'style-src' }) styleSrc = '';

  /**
   * The styles as values, in place of `style-src` while set: `{ src, weight }` with `src` a URL, Blob,
   * ImageBitmap, canvas or `<img>`, or `{ vector, weight }` with a style vector.
   */
  @property({ attribute: false }) styles?: StyleSource[];

  /**
   * A painting's look as the text `styleVectorToText` makes of its style vector (the demo's "Copy style"), in
   * place of `style-src`: the style network is then never downloaded, so a page whose painting never changes
   * loads far less. `styles` wins over it.
   */
  @property({ attribute: 'style-vector' }) styleVectorText = '';

  /**
   * The style vector of the last result (styles blended, strength applied), e.g. to share a look as
   * text with `styleVectorToText`. Setting one stylizes with it: it becomes `styles = [{ vector }]`.
   */
  get styleVector(): StyleVector | undefined {
    return this.lastStyleVector;
  }

  set styleVector(vector: StyleVector | undefined) {
    this.styles = vector ? [{ vector }] : undefined;
  }

  private lastStyleVector?: StyleVector;

  /**
   * How strongly to apply the style, from 0 (the photo redrawn with its own style) to 1 (full style).
   * Removing the attribute or leaving it empty goes back to the default, as for `max-size`; only decimal numbers count.
   */
  @property({ converter: numberOr(1) }) strength = 1;

  /**
   * The model set: `magenta` (default), `magenta-int8` or `magenta-dynamic`; the seed demo's TF.js sets,
   * downloaded from its public site (needs the network): `seed-mobilenet-separable`, `seed-mobilenet-original`,
   * `seed-inception-separable`, `seed-inception-original`; or the URL of a model-set descriptor (JSON naming your
   * own networks, see the README).
   */
  @property() model = 'magenta';

  /** The longest side of the output in pixels, up to 8192; larger photos are scaled down to it. */
  @property({ attribute: 'max-size', converter: numberOr(1024) }) maxSize = 1024;

  /**
   * Run the transformer in tiles of about this side (64–1024), so memory stays bounded at any size. Default
   * (absent): automatic, tiles of 512 for photos of more than 1024² pixels. `0`: never tile (at most
   * 2048² pixels, a `too-large` error beyond). Tiles are normalised with the whole photo's statistics
   * and cross-fade into each other, so no seam shows.
   */
  @property({ attribute: 'tile-size', converter: numberOr(undefined) }) tileSize?: number;

  /**
   * URL of a mask: where it is white (or opaque) the result shows, where it is black (or transparent) the photo
   * stays, grey blends. Any size or aspect: it is scaled to the output. Changing it composites again, without a run.
   */
  @property({ attribute: 'mask-src' }) maskSrc = '';

  /** The mask as a value, in place of `mask-src` while set: a Blob, ImageBitmap, canvas or `<img>`. */
  @property({ attribute: false }) mask?: ImageInput;

  /** Width in output pixels of the soft band along the mask's edges, 0–256 (default 4; 0: a hard edge). */
  @property({ attribute: 'mask-feather', converter: numberOr(4) }) maskFeather = 4;

  /** Stylize where the mask is black (or transparent) instead. */
  @property({ type: Boolean, attribute: 'mask-invert' }) maskInvert = false;

  /** Keep the photo's colours and take only the painting's brush work (the result's luminance). */
  @property({ type: Boolean, attribute: 'preserve-colors' }) preserveColors = false;

  /**
   * The side of the square each painting is analysed at, 32–1024 (default: the model set's, 256, as
   * trained). Larger sees finer brush strokes, and costs about (size / 256)² times as much.
   */
  @property({ attribute: 'style-size', converter: numberOr(undefined) }) styleSize?: number;

  /**
   * How a painting becomes that square: `cover` (default, as trained) takes its central square, `fill`
   * takes all of it, squeezed.
   * @type {'cover' | 'fill'}
   */
  @property({ attribute: 'style-fit' }) styleFit: StyleFit = 'cover';

  /**
   * `auto` (default): WebAssembly in a worker, and WebGPU once it has shown itself faster on this device (where
   * the browser offers a hardware WebGPU adapter; tried after the page's second result). Or one TF.js backend for good:
   * `wasm` (in a worker), `webgpu` (main thread; its first result compiles for seconds), `webgl` (main thread;
   * compiles for seconds at each new size), `cpu` (slowest). Page-wide for the main thread: the first element decides.
   * @type {'auto' | 'wasm' | 'webgpu' | 'webgl' | 'cpu' | undefined}
   */
  @property() backend?: BackendChoice;

  /** Folder URL holding the model files (laid out as in models/manifest.json), to use instead of the ones the package ships. */
  @property({ attribute: 'model-base-url' }) modelBaseUrl?: string;

  /** Folder URL holding tfjs-backend-wasm's `.wasm` files, to use instead of the ones the package ships. Page-wide: the first element decides. */
  @property({ attribute: 'wasm-base-url' }) wasmBaseUrl?: string;

  /**
   * The element's width in CSS pixels before its result is painted (as for `<img width>`): with `height`, its aspect
   * ratio, so the page does not jump when the result arrives. Without them the element takes the photo's size and
   * aspect as soon as the photo is decoded, before the models have loaded. CSS sizes win over both.
   */
  @property({ converter: numberOr(undefined) }) width?: number;

  /** The element's height in CSS pixels, with `width` its aspect ratio (see `width`). */
  @property({ converter: numberOr(undefined) }) height?: number;

  /** Text alternative for the result, read by screen readers. */
  @property() alt = 'Stylized image';

  /** Present while a run is in progress. */
  @property({ type: Boolean, reflect: true }) busy = false;

  /**
   * The type of the error that ended the last run (e.g. `content-load`), reflected as the `error`
   * attribute so pages can style a failure without script; cleared by the next good result.
   * @type {'content-load' | 'style-load' | 'model-load' | 'model-integrity' | 'backend' | 'invalid-attribute' | 'too-large' | 'context-lost' | 'inference' | undefined}
   */
  @property({ reflect: true }) error?: StyleTransferErrorType;

  /** Why the last run failed, shown in the `error` part. */
  @state() private errorMessage = '';

  @query('canvas') private canvas!: HTMLCanvasElement;

  @state() private painted = false;

  /** The result's size once known: from the photo's decode, then from each result. */
  @state() private outputSize?: { width: number; height: number };

  /** The run's progress, 0 to 1, for the loading indicator. */
  @state() private progress = 0;

  private readonly runs = new StylizeController(this, {
    request: () => requestFor(this),
    live: () => this.live,
    model: () => this.model,
    stylizerOptions: () => {
      const page = StyleTransferElement;
      return {
        backend: this.backend ?? page.backend,
        worker: page.worker,
        modelBaseUrl: this.modelBaseUrl,
        wasmPaths: this.wasmBaseUrl ?? page.wasmBaseUrl,
        ...(page.storeStyleVectors ? {} : { storeStyleVectors: false }),
        ...(page.storeConvertedModels ? {} : { storeConvertedModels: false }),
        ...(page.stallTimeout === undefined ? {} : { stallTimeout: page.stallTimeout }),
      };
    },
    busy: (busy) => {
      this.busy = busy;
      if (busy) this.progress = 0;
    },
    progress: (progress) => {
      this.progress = progress.totalProgress;
      if (progress.outputSize) this.sizeKnown(progress.outputSize);
      emit(this, 'progress', progress);
    },
    result: (result) => emit(this, 'stylized', this.paint(result)),
    frame: ({ result, frames, fps }) => emit(this, 'frame', { ...this.paint(result), frames, fps }),
    cleared: () => this.clearResult(),
    failed: ({ type, message }) => {
      this.error = type;
      this.errorMessage = message;
      emit(this, 'error', { type, message });
    },
  });

  override render() {
    const percent = Math.round(this.progress * 100);
    return html`<canvas part="canvas" role="img" aria-label=${this.alt} ?hidden=${!this.painted}></canvas
      ><slot ?hidden=${this.painted || !!this.error}
        >${this.busy && !this.painted
          ? html`<div part="loading" role="progressbar" aria-label="Stylizing" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${percent}>
              <div class="bar"></div>
            </div>`
          : ''}</slot
      ><div part="error" role="alert" ?hidden=${!this.error}><slot name="error">${this.errorMessage}</slot></div>`;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('width') || changed.has('height') || changed.has('outputSize')) this.layOutBox();
    // Through the CSSOM, not a style attribute: a strict Content-Security-Policy (style-src-attr) allows only that.
    this.renderRoot.querySelector<HTMLElement>('[part="loading"] .bar')?.style.setProperty('transform', `scaleX(${this.progress})`);
    // Several attribute changes in one task arrive as one update: one run.
    if (RUN_INPUTS.some((name) => changed.has(name))) this.runs.request();
  }

  /**
   * The box before (and around) the result, as `<img width height>` has it: given sizes first, else the result's
   * own. Set as custom properties that the host's styles read, so that any CSS size the page gives wins.
   */
  private layOutBox(): void {
    const given = (value?: number) => (value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined);
    const [width, height] = [given(this.width), given(this.height)];
    const natural = this.outputSize;
    const ratio = width && height ? `${width} / ${height}` : natural && `${natural.width} / ${natural.height}`;
    const boxWidth = width ?? (height || !natural ? undefined : natural.width);
    const boxHeight = height && !width ? height : undefined;
    const set = (name: string, value?: string) => (value ? this.style.setProperty(name, value) : this.style.removeProperty(name));
    set('--_style-transfer-aspect-ratio', ratio);
    set('--_style-transfer-width', boxWidth ? `${boxWidth}px` : undefined);
    set('--_style-transfer-height', boxHeight ? `${boxHeight}px` : undefined);
  }

  private sizeKnown({ width, height }: { width: number; height: number }): void {
    if (this.outputSize?.width !== width || this.outputSize?.height !== height) this.outputSize = { width, height };
  }

  /**
   * Stylizes now (or joins the run already under way for the current inputs) and
   * settles when the result is painted; rejects with the error the `error` event carries.
   */
  async stylize(): Promise<void> {
    await this.updateComplete;
    return this.runs.current();
  }

  /** The last result at full output resolution. */
  toBlob(type = 'image/png', quality?: number): Promise<Blob> {
    if (!this.painted) return Promise.reject(new DOMException('<style-transfer> has not painted a result yet', 'InvalidStateError'));
    return new Promise((resolve, reject) =>
      this.canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the result could not be encoded'))), type, quality),
    );
  }

  /** A data: URL of the last result (see toBlob). */
  toDataURL(type = 'image/png', quality?: number): string {
    return this.painted ? this.canvas.toDataURL(type, quality) : '';
  }

  private paint({ image, timings, styleVector, backend, threads, model, thread }: StylizeResult): StylizedEventDetail {
    if (this.canvas.width !== image.width || this.canvas.height !== image.height) Object.assign(this.canvas, { width: image.width, height: image.height });
    this.canvas.getContext('2d')!.putImageData(image, 0, 0);
    this.painted = true;
    this.error = undefined;
    this.lastStyleVector = styleVector;
    const { width, height } = image;
    this.sizeKnown({ width, height });
    return { width, height, durationMs: timings.total, timings, styleVector, backend, threads, model, thread };
  }

  /** The default slot shows again, and toBlob() rejects, until the next result. */
  private clearResult(): void {
    this.painted = false;
    this.error = undefined;
    this.canvas.width = this.canvas.height = 0; // hands the pixels' memory back
    this.lastStyleVector = undefined;
  }
}

/**
 * Fires a bubbling, composed event. `error` is the exception: like <img>'s it does not bubble, so it never
 * reaches `window.onerror` (where pages and test runners treat it as an uncaught exception); listen on the element.
 */
function emit<K extends keyof StyleTransferEventMap>(target: HTMLElement, name: K, detail: StyleTransferEventMap[K]['detail']): void {
  const bubbles = name !== 'error';
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles, composed: bubbles }));
}

/** A listener for one of the element's events, with its detail typed. */
export type TypedListener<K extends keyof StyleTransferEventMap> = (this: StyleTransferElement, event: StyleTransferEventMap[K]) => unknown;

/** Typed listeners: `el.addEventListener('error', (e) => e.detail.type)`. */
export interface StyleTransferElement {
  addEventListener<K extends keyof StyleTransferEventMap>(type: K, listener: TypedListener<K>, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof StyleTransferEventMap>(type: K, listener: TypedListener<K>, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
