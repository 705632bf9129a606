/** `StyleTransferElement.worker = false` runs the networks on the page's main thread, with the same pictures. Its own file: the setting is page-wide. */
import { expect } from '@open-wc/testing';
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import { InThreadStylizer } from '../src/engine/in-thread-stylizer.js';
import { WorkerStylizer } from '../src/engine/worker-stylizer.js';
import { canvasOf, stylizedElement } from './helpers/element.js';
import { contentImages, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';

const [, goldenGate] = contentImages;
const [, seaport] = styleImages;

describe('the main-thread path', () => {
  it('paints the same picture as the worker, and frees its tensors', async () => {
    StyleTransferElement.worker = false;
    const main = await stylizedElement({ content: goldenGate, style: seaport, strength: 0.6, maxSize: 320 });
    expect(main.detail.thread).to.equal('main');
    const mainPixels = rgbaBytes(canvasOf(main.el));
    const mainTensors = await new InThreadStylizer().numTensors();
    main.el.strength = 0.9;
    await new Promise((resolve) => main.el.addEventListener('stylized', resolve, { once: true }));
    expect(await new InThreadStylizer().numTensors()).to.equal(mainTensors);

    StyleTransferElement.worker = true;
    const worker = await stylizedElement({ content: goldenGate, style: seaport, strength: 0.6, maxSize: 320 });
    expect(worker.detail.thread).to.equal('worker');
    expect(await new WorkerStylizer().numTensors()).to.be.greaterThan(0);
    expect(meanAbsDiff(mainPixels, rgbaBytes(canvasOf(worker.el)))).to.be.below(0.5);
  });
});
