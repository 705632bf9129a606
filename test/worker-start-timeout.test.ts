/**
 * A worker whose script never says it is ready (a server that hangs on it, a script that never finishes) is
 * given up after the stall timeout, as one that fails to start: elements paint on the main thread, and the
 * console says so once. Its own file: the worker is page-wide.
 */
import { expect } from '@open-wc/testing';
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import { warningsDuring } from './helpers/console.js';
import { stylizedElement } from './helpers/element.js';
import { contentImages, styleImages } from './helpers/images.js';
import { withWorkerScript } from './helpers/worker-script.js';

const [, , , beach] = contentImages;
const [, , stripes] = styleImages;

describe('a worker that never starts', () => {
  it('→ given up after the stall timeout: elements paint on the main thread, with one console warning', async () => {
    StyleTransferElement.stallTimeout = 1000;
    try {
      const warnings = await withWorkerScript('/* never posts "ready" */', () =>
        warningsDuring(async () => {
          const results = await Promise.all([1, 2].map(() => stylizedElement({ content: beach, style: stripes, maxSize: 64 })));
          expect(results.map(({ detail }) => detail.thread)).to.deep.equal(['main', 'main']);
        }),
      );
      const aboutWorker = warnings.filter((message) => message.includes('did not start within 1 s'));
      expect(aboutWorker, JSON.stringify(warnings)).to.have.length(1);
    } finally {
      StyleTransferElement.stallTimeout = undefined;
    }
  });
});
