/** StyleTransferElement.releaseModels() hands the models' memory back; the next run loads them again. Its own file: it empties the page's runtimes. */
import { expect } from '@open-wc/testing';
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import { canvasOf, stylizedElement, tensorCount } from './helpers/element.js';
import { contentImages, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';

const [, , , beach] = contentImages;
const [, , stripes] = styleImages;

describe('releaseModels', () => {
  it('frees every model tensor, in the worker too, and the next run paints the same picture', async () => {
    const first = await stylizedElement({ content: beach, style: stripes, maxSize: 128 });
    expect(await tensorCount()).to.be.greaterThan(100); // both networks' weights
    first.el.remove();
    await StyleTransferElement.releaseModels();
    expect(await tensorCount()).to.equal(0);
    const again = await stylizedElement({ content: beach, style: stripes, maxSize: 128 });
    expect(meanAbsDiff(rgbaBytes(canvasOf(again.el)), rgbaBytes(canvasOf(first.el)))).to.equal(0);
  });
});
