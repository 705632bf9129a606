/** WorkerClient (src/engine/worker-client.ts): typed calls to a worker that speaks protocol.ts, here a small one of the test's own. */
import { expect } from '@open-wc/testing';
import { WorkerClient, WorkerReplacedError } from '../../src/engine/worker-client.js';
import type { FromWorker, ToWorker } from '../../src/engine/protocol.js';

/**
 * A worker that answers `tensors` with the number of aborts it has heard (after one progress report), fails
 * `preload` with a typed error, `tile` as an inference failure its runtime survived, `release` as one that broke
 * its runtime, and never answers `stylize`.
 */
function speaker(): (post: (message: FromWorker) => void) => void {
  return (post) => {
    let aborts = 0;
    self.onmessage = ({ data }: MessageEvent<ToWorker>) => {
      if (data.kind === 'abort') aborts++;
      if (data.kind !== 'call') return;
      const { id, name } = data;
      if (name === 'tensors') {
        post({ kind: 'progress', id, progress: { phase: 'model', loaded: 1, total: 2, totalProgress: 0.5 } });
        post({ kind: 'done', id, value: aborts, heapBytes: 1234 });
      }
      if (name === 'preload') post({ kind: 'failed', id, error: { type: 'model-load', message: 'no such model' }, broken: false });
      if (name === 'release') post({ kind: 'failed', id, error: { type: 'inference', message: 'a trap' }, broken: true });
      if (name === 'tile') post({ kind: 'failed', id, error: { type: 'inference', message: 'NaN out' }, broken: false });
    };
    post({ kind: 'ready' });
  };
}

const scriptUrl = (source: string) => new URL(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
const start = (options = {}) => WorkerClient.start(scriptUrl(`(${speaker()})((m) => self.postMessage(m));`), options);
const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
const tensorsArgs = { client: 0, options: {} };

describe('WorkerClient', () => {
  it('resolves a call with its typed answer, passing on its progress and the heap size', async () => {
    const heaps: number[] = [];
    const client = await start({ onAnswer: (_: WorkerClient, heapBytes: number) => heaps.push(heapBytes) });
    const progress: number[] = [];
    expect(await client.call('tensors', tensorsArgs, { onProgress: (p) => progress.push(p.totalProgress) })).to.equal(0);
    expect(progress).to.deep.equal([0.5]);
    expect(heaps).to.deep.equal([1234]);
    expect(client.idle).to.equal(true);
    client.close();
  });

  it('rejects a failed call with the worker\'s typed error, and the worker goes on', async () => {
    const client = await start();
    expect(await rejection(client.call('preload', { ...tensorsArgs, model: 'x' }))).to.include({ type: 'model-load', message: 'no such model' });
    expect(await client.call('tensors', tensorsArgs)).to.equal(0);
    client.close();
  });

  it('a cancelled call rejects as aborted at once, and the worker hears of it', async () => {
    const client = await start();
    const controller = new AbortController();
    const never = client.call('stylize', { ...tensorsArgs, request: { content: 'x', styles: [] }, keys: { content: undefined, styles: [] } }, { signal: controller.signal });
    controller.abort();
    expect(await rejection(never)).to.include({ type: 'aborted' });
    expect(await client.call('tensors', tensorsArgs), 'aborts the worker heard').to.equal(1);
    client.close();
  });

  it('an inference failure that left the runtime computing fails its call alone', async () => {
    const client = await start();
    expect(await rejection(client.call('tile', { options: {}, model: 'magenta', job: {} as never }))).to.include({ type: 'inference', message: 'NaN out' });
    expect(await client.call('tensors', tensorsArgs)).to.equal(0);
    client.close();
  });

  it('a failure that broke the runtime closes the worker: calls under way reject as replaced (to run again), later ones as stopped', async () => {
    let closed = 0;
    const client = await start({ onClosed: () => closed++ });
    const pending = client.call('stylize', { ...tensorsArgs, request: { content: 'x', styles: [] }, keys: { content: undefined, styles: [] } });
    expect(await rejection(client.call('release', {}))).to.include({ type: 'inference' });
    expect(await rejection(pending)).to.be.instanceOf(WorkerReplacedError);
    expect(await rejection(client.call('tensors', tensorsArgs))).to.have.property('message').that.contains('stopped');
    expect(closed).to.equal(1);
  });

  it('rejects its start when the script cannot run', async () => {
    expect(await rejection(WorkerClient.start(scriptUrl('throw new Error("broken script");')))).to.be.an('error');
  });
});
