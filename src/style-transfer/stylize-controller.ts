/**
 * The element's run lifecycle as a Lit ReactiveController: one run at a time,
 * a newer one supersedes it (its result is never shown), a run cut short by
 * removing the element resumes when it is attached again.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AdaptiveStylizer, type BackendChoice, type EngineOptions, StyleTransferError, Stylizer, type StylizeProgress, type StylizeResult } from '../engine/index.js';
import { isLiveSource, isMediaStream, type LiveFrame, stylizeLive, WorkerStylizer, workerSupported } from '../engine/index.js';
import type { StyleTransferErrorType } from './style-transfer.events.js';
import { type RequestInputs, requestFor } from './style-transfer.request.js';

export interface StylizeHost extends ReactiveControllerHost, HTMLElement, RequestInputs {
  busy: boolean;
  /** Stylize the content frame after frame (a video, a MediaStream, a canvas). */
  readonly live: boolean;
  readonly modelBaseUrl?: string;
  readonly wasmBaseUrl?: string;
  showProgress(progress: StylizeProgress): void;
  showResult(result: StylizeResult): void;
  showFrame(frame: LiveFrame): void;
  /** A source was cleared: take the last result down. */
  clearResult(): void;
  showError(error: StyleTransferError<StyleTransferErrorType>): void;
}

/** The host's properties whose change re-runs stylization. */
export const RUN_INPUTS = ['contentSrc', 'content', 'live', 'styleSrc', 'styles', 'strength', 'preserveColors', 'styleSize', 'styleFit', 'tileSize', 'model', 'maxSize', 'backend', 'modelBaseUrl', 'wasmBaseUrl'] as const;

/** The page-wide settings (the element class's statics): backend and wasm folder, whether to use the worker and the stores. */
export interface PageSettings {
  backend?: BackendChoice;
  wasmBaseUrl?: string;
  worker: boolean;
  storeStyleVectors: boolean;
  storeConvertedModels: boolean;
}

export class StylizeController implements ReactiveController {
  private stylizer?: { key: string; value: Stylizer | WorkerStylizer | AdaptiveStylizer };
  private run?: { controller: AbortController; done: Promise<void> };
  /** Inputs changed, or a run was cut short, while the host was off the page. */
  private pending = false;

  constructor(
    private readonly host: StylizeHost,
    private readonly page: PageSettings,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Start fetching TF.js and the models as soon as the element is on a page.
    this.currentStylizer().preload(this.host.model).catch(() => {});
    if (this.pending) this.request();
  }

  hostDisconnected(): void {
    if (!this.run) return;
    // Moving the element (or a framework re-inserting it) must still end in a result.
    this.pending = true;
    this.run.controller.abort();
    this.run = undefined;
    this.host.busy = false;
  }

  /** Inputs changed: run for them now, or once the host is back on a page. */
  request(): void {
    this.pending = !this.host.isConnected;
    if (!this.pending) this.start().catch(() => {});
  }

  /** The run under way, or a new one; settles when its result is shown. */
  current(): Promise<void> {
    return this.run?.done ?? this.start();
  }

  private start(): Promise<void> {
    this.run?.controller.abort();
    const controller = new AbortController();
    const done = this.execute(controller.signal).then(
      () => this.finish(controller),
      (error: unknown) => {
        this.finish(controller);
        if (controller.signal.aborted) throw new StyleTransferError('aborted', 'the run was superseded or cancelled');
        const typed = asElementError(error);
        this.host.showError(typed);
        throw typed;
      },
    );
    this.run = { controller, done };
    return done;
  }

  private async execute(signal: AbortSignal): Promise<void> {
    // Runs start from updated(): let that update finish before touching reactive state.
    await null;
    if (signal.aborted) return;
    const request = requestFor(this.host);
    if (!request) return this.host.clearResult();
    this.host.busy = true;
    const stylizer = this.currentStylizer();
    const onProgress = (progress: StylizeProgress) => this.host.showProgress(progress);
    const { content } = request;
    if (this.host.live && isLiveSource(content)) {
      const onFrame = (frame: LiveFrame) => {
        this.host.busy = false; // a loop is never done: the picture is not "about to change"
        this.host.showFrame(frame);
      };
      const secondLane = stylizer instanceof Stylizer ? undefined : () => stylizer.secondLane();
      return stylizeLive(stylizer, { ...request, content }, { signal, onProgress, onFrame, secondLane });
    }
    if (isMediaStream(content)) {
      throw new StyleTransferError('content-load', 'the content is a moving picture (a video or a MediaStream): add the live attribute to stylize it');
    }
    this.host.showResult(await stylizer.stylize({ ...request, content }, { signal, onProgress }));
  }

  private finish(controller: AbortController): void {
    if (this.run?.controller !== controller) return;
    this.run = undefined;
    this.host.busy = false;
  }

  /**
   * One Stylizer (and so one set of caches) per element, made anew when its page-level settings change;
   * in the page's worker where the browser has one, unless the page says otherwise; by default one that moves
   * to WebGPU where that has shown itself faster on this device.
   */
  private currentStylizer(): Stylizer | WorkerStylizer | AdaptiveStylizer {
    const { host, page } = this;
    const choice = host.backend ?? page.backend ?? 'auto';
    const options: EngineOptions = {
      backend: choice === 'auto' ? 'wasm' : choice,
      modelBaseUrl: host.modelBaseUrl,
      wasmPaths: host.wasmBaseUrl ?? page.wasmBaseUrl,
      ...(page.storeStyleVectors ? {} : { storeStyleVectors: false }),
      ...(page.storeConvertedModels ? {} : { storeConvertedModels: false }),
    };
    const inWorker = page.worker && workerSupported(options);
    const key = JSON.stringify([inWorker, choice, options]);
    if (this.stylizer?.key !== key) this.stylizer = { key, value: inWorker ? workerStylizer(choice, options) : new Stylizer(options) };
    return this.stylizer.value;
  }
}

const workerStylizer = (choice: BackendChoice, options: EngineOptions) => (choice === 'auto' ? new AdaptiveStylizer(options) : new WorkerStylizer(options));

/** The engine's request errors come from attributes here; anything untyped is an inference failure. */
function asElementError(error: unknown): StyleTransferError<StyleTransferErrorType> {
  if (!(error instanceof StyleTransferError)) return new StyleTransferError('inference', String(error), { cause: error });
  if (error.type === 'invalid-request') return new StyleTransferError('invalid-attribute', error.message, { cause: error });
  return error as StyleTransferError<StyleTransferErrorType>;
}
