/**
 * The element's runs as a Lit ReactiveController, in the manner of Lit's Task: each run gets its own
 * AbortController and supersedes the one before (whose result is never shown); a run cut short by removing
 * the element resumes when it is attached again. It tells the element what happened through the callbacks
 * the element gave it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createStylizer, type LiveFrame, type Stylizer, type StylizerOptions, StyleTransferError, type StylizeProgress, type StylizeResult } from '../engine/index.js';
import { isMediaStream } from '../engine/image-source.js';
import { isLiveSource } from '../engine/live.js';
import type { StyleTransferErrorType } from './style-transfer.events.js';
import type { ElementRequest } from './style-transfer.request.js';

/** What the controller needs of its element, and tells it. */
export interface StylizeHost {
  /** The request for the element's inputs now; undefined while a source is missing. Throws `invalid-attribute`. */
  request(): ElementRequest | undefined;
  /** Whether the content is to be stylized frame after frame. */
  live(): boolean;
  /** The model set to load as soon as the element is on a page. */
  model(): string;
  /** The options of the element's Stylizer: page-wide settings and its own. */
  stylizerOptions(): StylizerOptions;
  busy(busy: boolean): void;
  progress(progress: StylizeProgress): void;
  result(result: StylizeResult): void;
  frame(frame: LiveFrame): void;
  /** A source was cleared: take the last result down. */
  cleared(): void;
  failed(error: StyleTransferError<StyleTransferErrorType>): void;
}

export class StylizeController implements ReactiveController {
  private stylizer?: { key: string; value: Stylizer };
  private run?: { controller: AbortController; done: Promise<void> };
  /** Inputs changed, or a run was cut short, while the host was off the page. */
  private pending = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly element: StylizeHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Start fetching TF.js and the models as soon as the element is on a page (a bad setting is reported by the run).
    try {
      this.currentStylizer().preload(this.element.model()).catch(() => {});
    } catch {
      // a bad setting: reported when a run starts
    }
    if (this.pending) this.request();
  }

  hostDisconnected(): void {
    if (!this.run) return;
    // Moving the element (or a framework re-inserting it) must still end in a result.
    this.pending = true;
    this.run.controller.abort();
    this.run = undefined;
    this.element.busy(false);
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
        this.element.failed(typed);
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
    const request = this.element.request();
    if (!request) return this.element.cleared();
    const stylizer = this.currentStylizer();
    this.element.busy(true);
    const onProgress = (progress: StylizeProgress) => this.element.progress(progress);
    const { content } = request;
    if (this.element.live() && isLiveSource(content)) {
      const onFrame = (frame: LiveFrame) => {
        this.element.busy(false); // a loop is never done: the picture is not "about to change"
        this.element.frame(frame);
      };
      return stylizer.stylizeLive({ ...request, content }, { signal, onProgress, onFrame });
    }
    if (isMediaStream(content)) {
      throw new StyleTransferError('content-load', 'the content is a moving picture (a video or a MediaStream): add the live attribute to stylize it');
    }
    this.element.result(await stylizer.stylize({ ...request, content }, { signal, onProgress }));
  }

  private finish(controller: AbortController): void {
    if (this.run?.controller !== controller) return;
    this.run = undefined;
    this.element.busy(false);
  }

  /** One Stylizer (and so one set of caches) per element, made anew when its settings change. */
  private currentStylizer(): Stylizer {
    const options = this.element.stylizerOptions();
    const key = JSON.stringify(options);
    if (this.stylizer?.key !== key) {
      this.stylizer?.value.dispose();
      this.stylizer = { key, value: createStylizer(options) };
    }
    return this.stylizer.value;
  }
}

/** The engine's request errors come from attributes here; anything untyped is an inference failure. */
function asElementError(error: unknown): StyleTransferError<StyleTransferErrorType> {
  if (!(error instanceof StyleTransferError)) return new StyleTransferError('inference', String(error), { cause: error });
  if (error.type === 'invalid-request') return new StyleTransferError('invalid-attribute', error.message, { cause: error });
  return error as StyleTransferError<StyleTransferErrorType>;
}
