/**
 * Where the page's worker cannot start (here: its script throws), elements paint on the main thread, and the
 * console says so once for the page, not once per element. Its own file: the worker is page-wide.
 */
import { expect } from '@open-wc/testing';
import { warningsDuring } from './helpers/console.js';
import { stylizedElement } from './helpers/element.js';
import { contentImages, styleImages } from './helpers/images.js';
import { withWorkerScript } from './helpers/worker-script.js';

const [, , , beach] = contentImages;
const [, , stripes] = styleImages;

describe('a worker that cannot start', () => {
  it('→ every element paints on the main thread, with one console warning', async () => {
    const warnings = await withWorkerScript('throw new Error("no worker today")', () =>
      warningsDuring(async () => {
        const results = await Promise.all([1, 2].map(() => stylizedElement({ content: beach, style: stripes, maxSize: 64 })));
        expect(results.map(({ detail }) => [detail.thread, detail.width])).to.deep.equal([
          ['main', 64],
          ['main', 64],
        ]);
      }),
    );
    const aboutWorker = warnings.filter((message) => message.includes('the worker could not start'));
    expect(aboutWorker, JSON.stringify(warnings)).to.have.length(1);
  });
});
