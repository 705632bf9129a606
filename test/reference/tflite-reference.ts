/** Drives the official TF-Lite runtime page (tflite-reference.html) from a test. */
type Inputs = { data: Float32Array; shape: number[] }[];

interface ReferenceWindow extends Window {
  runTflite(modelUrl: string, inputs: Inputs): Promise<number[]>;
  timeTflite(modelUrl: string, inputs: Inputs, numThreads: number, runs: number): Promise<number[]>;
}

let page: Promise<ReferenceWindow> | undefined;

function referencePage(): Promise<ReferenceWindow> {
  page ??= new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.style.display = 'none';
    frame.src = new URL('./tflite-reference.html', import.meta.url).href;
    frame.addEventListener('load', () => {
      const win = frame.contentWindow as ReferenceWindow | null;
      if (win && typeof win.runTflite === 'function') resolve(win);
      else reject(new Error('the TF-Lite reference page did not load'));
    });
    document.body.append(frame);
  });
  return page;
}

/** Runs a model file with the official runtime and returns its first output. */
export async function runOfficialTflite(modelPath: string, inputs: Inputs): Promise<Float32Array> {
  const win = await referencePage();
  return Float32Array.from(await win.runTflite(new URL(modelPath, location.origin).href, inputs));
}

/** Times warm runs of a model file with the official runtime (for the benchmark): ms of each run. */
export async function timeOfficialTflite(modelPath: string, inputs: Inputs, numThreads: number, runs: number): Promise<number[]> {
  const win = await referencePage();
  return win.timeTflite(new URL(modelPath, location.origin).href, inputs, numThreads, runs);
}
