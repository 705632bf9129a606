/** Importing the element must not load TF.js; connecting one does. */
import { expect, waitUntil } from '@open-wc/testing';
import { StyleTransferElement } from '../src/index.js';

/** TF.js itself loads in the worker (whose requests the page does not see): the worker script stands for it. */
const tfjsRequests = () =>
  performance.getEntriesByType('resource').filter((entry) => /@tensorflow|stylizer\.worker/.test(entry.name)).length;

describe('lazy TF.js', () => {
  it('loads TF.js only when the first element connects', async () => {
    expect(customElements.get('style-transfer')).to.equal(StyleTransferElement);
    await new Promise((resolve) => setTimeout(resolve, 200)); // an absence: give an eager import time to show
    expect(tfjsRequests()).to.equal(0);

    document.body.append(document.createElement('style-transfer'));
    await waitUntil(() => tfjsRequests() > 0, 'neither TF.js nor its worker was requested after connecting', { timeout: 10000 });
  });
});
