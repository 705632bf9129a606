/** The built package (npm run build) as a page would use it: its main entry registers a working element. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { contentImages, styleImages } from './helpers/images.js';

describe('the package entry', () => {
  it('registers <style-transfer> from exports["."] and stylizes with its default asset URLs', async () => {
    const pkg = await (await fetch('/package.json')).json();
    const entry = new URL(pkg.exports['.'].import, location.origin + '/').href;
    const module = await import(/* @vite-ignore */ entry);
    expect(customElements.get('style-transfer')).to.equal(module.StyleTransferElement);

    const el = await fixture(html`<style-transfer content-src=${contentImages[3]} style-src=${styleImages[2]}></style-transfer>`);
    const { detail } = await oneEvent(el, 'stylized');
    expect([detail.width, detail.height]).to.deep.equal([256, 256]);
  });
});
