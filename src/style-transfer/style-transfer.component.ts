import { html, LitElement, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { StyleTransferError, type StyleTransferErrorType, throwIfAborted } from '../engine/errors.js';
import { MIN_IMAGE_SIDE } from '../engine/image-source.js';
import type { BackendName } from '../engine/runtime.js';
import { SourceCache } from '../engine/source-cache.js';
import { StyleTransferEngine } from '../engine/style-transfer-engine.js';
import { withStrength } from '../engine/style-vector.js';
import { emit, type StyleTransferEventMap } from './style-transfer.events.js';
import { styles } from './style-transfer.styles.js';

/** The properties whose change re-runs stylization. */
const INPUTS = ['contentSrc', 'styleSrc', 'strength', 'model', 'maxSize', 'backend', 'modelBaseUrl', 'wasmBaseUrl'] as const;

const MAX_SIZE_LIMIT = 8192;

/** A number attribute that goes back to `fallback`, its default, when removed (Lit would give null). */
const numberOr = (fallback: number) => ({
  fromAttribute: (value: string | null) => (value === null ? fallback : Number(value)),
  toAttribute: (value: number) => String(value),
});

/**
 * Repaints a photo in the style of a painting, entirely in the visitor's
 * browser (arbitrary neural style transfer, Ghiasi et al. 2017).
 *
 * @tag style-transfer
 * @summary `<style-transfer content-src="photo.jpg" style-src="painting.jpg">` paints the stylized photo.
 *
 * @fires {CustomEvent<StylizedEventDetail>} stylized - A new result is painted. `detail`: `{ width, height, durationMs, backend, model }`.
 * @fires {CustomEvent<ErrorEventDetail>} error - A run failed. `detail`: `{ type, message }`, `type` one of `content-load`, `style-load`,
 *   `model-load`, `backend`, `invalid-attribute`, `inference`. Does not bubble (like `<img>`'s).
 *
 * @slot - Shown until the first result is painted (e.g. a placeholder or the original photo).
 * @slot error - Replaces the built-in message shown when a run fails.
 *
 * @csspart canvas - The `<canvas>` holding the result, at full output resolution.
 * @csspart error - The box that shows why the last run failed (hidden after a good run).
 *
 * @cssproperty --style-transfer-object-fit - How the result fits the element's box (default `contain`).
 * @cssproperty --style-transfer-busy-opacity - The result's opacity while a new run is in progress (default 0.6).
 * @cssproperty --style-transfer-error-color - Text colour of the error box (default `#7f1d1d`).
 * @cssproperty --style-transfer-error-background - Background of the error box (default `#fef2f2`).
 */
export class StyleTransferElement extends LitElement {
  static override styles = styles;

  /** URL of the photo to repaint. */
  @property({ attribute: 'content-src' }) contentSrc = '';

  /** URL of the painting whose style is used. */
  @property({ attribute: 'style-src' }) styleSrc = '';

  /**
   * How strongly to apply the style, from 0 (the photo redrawn with its own style) to 1 (full style).
   * Removing the attribute goes back to the default, as for `max-size`.
   */
  @property({ converter: numberOr(1) }) strength = 1;

  /**
   * The model set: `magenta` (default), `magenta-int8` or `magenta-dynamic`.
   */
  @property() model = 'magenta';

  /**
   * The longest side of the output in pixels; larger photos are scaled down to it.
   */
  @property({ attribute: 'max-size', converter: numberOr(1024) }) maxSize = 1024;

  /**
   * Force a TF.js backend instead of the fastest one found. Page-wide: the first element decides.
   * @type {'wasm' | 'webgl' | 'cpu' | undefined}
   */
  @property() backend?: BackendName;

  /** Folder URL holding the model files (laid out as in models/manifest.json), to use instead of the ones the package ships. */
  @property({ attribute: 'model-base-url' }) modelBaseUrl?: string;

  /** Folder URL holding tfjs-backend-wasm's `.wasm` files, to use instead of the ones the package ships. Page-wide: the first element decides. */
  @property({ attribute: 'wasm-base-url' }) wasmBaseUrl?: string;

  /** Text alternative for the result, read by screen readers. */
  @property() alt = 'Stylized image';

  /** Present while a run is in progress. */
  @property({ type: Boolean, reflect: true }) busy = false;

  /**
   * The type of the error that ended the last run (e.g. `content-load`), reflected as the `error`
   * attribute so pages can style a failure without script; cleared by the next good result.
   * @type {'content-load' | 'style-load' | 'model-load' | 'backend' | 'invalid-attribute' | 'inference' | undefined}
   */
  @property({ reflect: true }) error?: StyleTransferErrorType;

  /** Why the last run failed, shown in the `error` part. */
  @state() private errorMessage = '';

  @query('canvas') private canvas!: HTMLCanvasElement;

  private readonly sources = new SourceCache();
  private run?: { controller: AbortController; done: Promise<void> };
  @state() private painted = false;
  /** Inputs changed, or a run was cut short, while the element was off the page. */
  private runPending = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // Start fetching TF.js and the models as soon as the element is on a page.
    this.loadEngine().catch(() => {});
    if (this.runPending) {
      this.runPending = false;
      this.startRun().catch(() => {});
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (!this.run) return;
    // Moving the element (or a framework re-inserting it) must still end in a result.
    this.runPending = true;
    this.run.controller.abort();
    this.run = undefined;
    this.busy = false;
  }

  override render() {
    return html`<canvas part="canvas" role="img" aria-label=${this.alt} ?hidden=${!this.painted}></canvas
      ><slot ?hidden=${this.painted}></slot
      ><div part="error" role="alert" ?hidden=${!this.error}><slot name="error">${this.errorMessage}</slot></div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!INPUTS.some((name) => changed.has(name))) return;
    // Several attribute changes in one task arrive as one update: one run.
    if (this.isConnected) this.startRun().catch(() => {});
    else this.runPending = true;
  }

  /**
   * Stylizes now (or joins the run already under way for the current inputs) and
   * settles when the result is painted; rejects with the error the `error` event carries.
   */
  async stylize(): Promise<void> {
    await this.updateComplete;
    return this.run?.done ?? this.startRun();
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

  private loadEngine(): Promise<StyleTransferEngine> {
    return StyleTransferEngine.load(this.model, {
      backend: this.backend,
      modelBaseUrl: this.modelBaseUrl,
      wasmPaths: this.wasmBaseUrl,
    });
  }

  /** Starts a run that supersedes any older one: a stale result is never painted or announced. */
  private startRun(): Promise<void> {
    this.run?.controller.abort();
    const controller = new AbortController();
    const done = this.execute(controller.signal).then(
      () => this.finishRun(controller),
      (error: unknown) => {
        this.finishRun(controller);
        if (controller.signal.aborted) throw new StyleTransferError('aborted', 'the run was superseded or cancelled');
        const typed = error instanceof StyleTransferError ? error : new StyleTransferError('inference', String(error), { cause: error });
        this.error = typed.type;
        this.errorMessage = typed.message;
        emit(this, 'error', { type: typed.type, message: typed.message });
        throw typed;
      },
    );
    this.run = { controller, done };
    return done;
  }

  private finishRun(controller: AbortController): void {
    if (this.run?.controller !== controller) return;
    this.run = undefined;
    this.busy = false;
  }

  private async execute(signal: AbortSignal): Promise<void> {
    // Runs start from updated(): let that update finish before touching reactive state.
    await null;
    throwIfAborted(signal);
    const { contentSrc, styleSrc, strength, maxSize } = this;
    this.validate();
    if (!contentSrc || !styleSrc) return;
    const started = performance.now();
    this.busy = true;

    const engine = await this.loadEngine();
    throwIfAborted(signal);
    const [content, style] = await Promise.all([this.sources.content(contentSrc, maxSize), this.sources.style(engine, styleSrc)]);
    throwIfAborted(signal);
    const vector = strength < 1 ? withStrength(style, await this.sources.contentStyle(engine, contentSrc, content), strength) : style;
    // Inference blocks the main thread; give queued input a turn first so a
    // newer change can supersede this run before the costly transformer.
    await new Promise((resolve) => setTimeout(resolve));
    throwIfAborted(signal);
    const image = await engine.stylize(content, vector, signal);
    throwIfAborted(signal);

    this.canvas.width = image.width;
    this.canvas.height = image.height;
    this.canvas.getContext('2d')!.putImageData(image, 0, 0);
    this.painted = true;
    this.error = undefined;
    emit(this, 'stylized', {
      width: image.width,
      height: image.height,
      durationMs: performance.now() - started,
      backend: engine.backend,
      model: engine.modelSet.id,
    });
  }

  private validate(): void {
    if (!(this.strength >= 0 && this.strength <= 1)) {
      throw new StyleTransferError('invalid-attribute', `strength must be a number from 0 to 1, not "${this.getAttribute('strength') ?? this.strength}"`);
    }
    if (!(this.maxSize >= MIN_IMAGE_SIDE && this.maxSize <= MAX_SIZE_LIMIT)) {
      throw new StyleTransferError(
        'invalid-attribute',
        `max-size must be a number of pixels from ${MIN_IMAGE_SIDE} to ${MAX_SIZE_LIMIT}, not "${this.getAttribute('max-size') ?? this.maxSize}"`,
      );
    }
  }
}

/** Typed listeners: `el.addEventListener('error', (e) => e.detail.type)`. */
export interface StyleTransferElement {
  addEventListener<K extends keyof StyleTransferEventMap>(
    type: K,
    listener: (this: StyleTransferElement, event: StyleTransferEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof StyleTransferEventMap>(
    type: K,
    listener: (this: StyleTransferElement, event: StyleTransferEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
