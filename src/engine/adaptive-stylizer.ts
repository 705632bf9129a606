/**
 * The element's default engine: WebAssembly first, WebGPU once it has earned its place on this device.
 *
 * Results come from WebAssembly in the page's worker: a quick first result, nothing compiled on the page. Once the
 * page asks for a second result (a re-run, another element, live), and where the browser offers a hardware WebGPU
 * adapter, it also starts a trial on the main thread: WebGPU loads the models and compiles its pipelines (in the browser's GPU process, so the page
 * stays responsive), runs both networks on that result's picture at a small size to check it against WebAssembly's, then
 * times a run at the result's size. Later runs go to WebGPU if it paints the same picture and (unless told
 * otherwise) paints it faster per pixel. The trial runs once per page (for the same options): its verdict is
 * every AdaptiveStylizer's, so elements that come later start on WebGPU. A weak GPU, or a software one, keeps
 * WebAssembly (measurements: docs/performance.md).
 */
import { StyleTransferError } from '../internal/errors.js';
import { hardwareWebGpu } from '../internal/tf-runtime.js';
import { InThreadStylizer } from './in-thread-stylizer.js';
import { type LiveLane, stylizeLive } from './live.js';
import type { EngineOptions, LiveOptions, LiveRequest, Stylizer, StylizeOptions, StylizeRequest, StylizeResult, SwitchRule } from './types.js';
import { WorkerStylizer } from './worker-stylizer.js';

/** The side WebGPU's picture is checked at: small, so that WebAssembly's check run costs little. */
const CHECK_SIDE = 128;
/** Mean difference (in 0–255 steps) under which two pictures are the same: above what the backends' rounding alone moves. */
const SAME_PICTURE = 2;
/** The largest side WebGPU's timed run takes; a larger result is compared per pixel. */
const TIMED_MAX_SIDE = 1024;

/** Errors after which WebAssembly repeats the run: WebGPU's own (a lost device, a failed start, a kernel that broke). */
const GPU_FAILURES: readonly string[] = ['backend', 'context-lost', 'inference'];

type Verdict = 'wasm' | 'webgpu';

/**
 * WebGPU's trial for one set of engine options and rule: run once per page, its verdict shared by every
 * AdaptiveStylizer with them. It waits for the page's second result: a page that paints one picture gains nothing
 * from it, and asking a browser without a GPU for an adapter makes Chrome log "No available adapters.".
 */
class Trial {
  verdict?: Verdict;
  private results = 0;
  private settle!: (verdict: Verdict) => void;
  readonly done = new Promise<Verdict>((resolve) => (this.settle = resolve));

  /** A result was painted: the second starts the trial. */
  painted(work: () => Promise<Verdict>): void {
    if (++this.results !== 2) return;
    work()
      .catch((): Verdict => 'wasm')
      .then((verdict) => this.settle((this.verdict = verdict)));
  }
}

const trials = new Map<string, Trial>();

export class AdaptiveStylizer implements Stylizer {
  private readonly wasm: WorkerStylizer;
  private readonly trial: Trial;
  private gpu?: InThreadStylizer;

  constructor(
    private readonly options: EngineOptions = {},
    private readonly switchWhen: SwitchRule = 'faster',
  ) {
    this.wasm = new WorkerStylizer({ ...options, backend: 'wasm' });
    const key = JSON.stringify([options, switchWhen]);
    if (!trials.has(key)) trials.set(key, new Trial());
    this.trial = trials.get(key)!;
  }

  /**
   * Which backend runs go to once WebGPU's trial has ended: begun after the second result of the
   * AdaptiveStylizers on the page with these options, and shared by all of them.
   */
  get decided(): Promise<Verdict> {
    return this.trial.done;
  }

  async stylize(request: StylizeRequest, options: StylizeOptions = {}): Promise<StylizeResult> {
    if (this.trial.verdict === 'webgpu') {
      try {
        return await (this.gpu ??= new InThreadStylizer({ ...this.options, backend: 'webgpu' })).stylize(request, options);
      } catch (error) {
        if (!(error instanceof StyleTransferError && GPU_FAILURES.includes(error.type))) throw error;
        this.trial.verdict = 'wasm';
        console.warn('<style-transfer>: WebGPU failed, so this run and the next ones go to WebAssembly:', error);
      }
    }
    const result = await this.wasm.stylize(request, options);
    this.trial.painted(() => this.tryWebGpu(request, result));
    return result;
  }

  stylizeLive(request: LiveRequest, options: LiveOptions): Promise<never> {
    return stylizeLive(this, request, options);
  }

  /** A second lane for a live loop (see WorkerStylizer.secondLane); a loop whose frames moved to WebGPU closes it. */
  secondLane(): LiveLane {
    return this.wasm.secondLane();
  }

  preload(model?: string): Promise<void> {
    return this.wasm.preload(model);
  }

  numTensors(): Promise<number> {
    return (this.trial.verdict === 'webgpu' && this.gpu ? this.gpu : this.wasm).numTensors();
  }

  dispose(): void {
    this.wasm.dispose();
    this.gpu?.dispose();
  }

  /** WebGPU's trial, on the picture WebAssembly painted first and its style vector. */
  private async tryWebGpu(first: StylizeRequest, reference: StylizeResult): Promise<Verdict> {
    if (!(await hardwareWebGpu())) return 'wasm';
    const { image, styleVector } = reference;
    const request = (maxSize: number): StylizeRequest => ({ content: image, styles: [{ vector: styleVector }], maxSize, model: first.model, tileSize: 0 });
    const gpu = new InThreadStylizer({ ...this.options, backend: 'webgpu' });
    // Half strength runs the style network too (on the picture itself), so that both networks are checked and
    // compiled: the first WebGPU run compiles their pipelines (for every size: shapes are uniforms), in the GPU process.
    const check = { ...request(CHECK_SIDE), strength: 0.5 };
    const painted = await gpu.stylize(check);
    if (painted.backend !== 'webgpu') return 'wasm'; // the page's main thread already runs another backend
    const expected = await new WorkerStylizer({ ...this.options, backend: 'wasm' }).stylize(check);
    if (meanDifference(painted.image, expected.image) > SAME_PICTURE) {
      console.warn("<style-transfer>: WebGPU's picture differs from WebAssembly's on this device, so runs stay on WebAssembly");
      return 'wasm';
    }
    if (this.switchWhen !== 'same-picture') {
      const timed = request(Math.min(TIMED_MAX_SIDE, Math.max(image.width, image.height)));
      await gpu.stylize(timed); // its buffers, made once per size
      if (transformerMsPerPixel(await gpu.stylize(timed)) >= transformerMsPerPixel(reference)) return 'wasm';
    }
    this.gpu = gpu;
    return 'webgpu';
  }
}

const transformerMsPerPixel = ({ timings, width, height }: StylizeResult) => timings.transformer / (width * height);

/** Mean absolute difference of two same-sized pictures' colour channels. */
function meanDifference(a: ImageData, b: ImageData): number {
  if (a.data.length !== b.data.length) return Infinity;
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) sum += Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
  return sum / ((a.data.length / 4) * 3);
}
