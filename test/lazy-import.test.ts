/** Importing the element must not load TF.js; connecting one does. */
import { expect, waitUntil } from '@open-wc/testing';
import { StyleTransferElement } from '../src/index.js';

const tfjsRequests = () => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('@tensorflow')).length;

describe('lazy TF.js', () => {
  it('loads TF.js only when the first element connects', async () => {
    expect(customElements.get('style-transfer')).to.equal(StyleTransferElement);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tfjsRequests()).to.equal(0);

    document.body.append(document.createElement('style-transfer'));
    await waitUntil(() => tfjsRequests() > 0, 'TF.js was not requested after connecting', { timeout: 10000 });
  });
});
