/**
 * When the wasm binary cannot load, the element says so, naming the URL, instead of
 * falling back to a software rasteriser. Its own file: the TF.js runtime is page-wide.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import '../src/style-transfer/style-transfer.js';
import { nextError } from './helpers/element.js';
import { contentImages, styleImages } from './helpers/images.js';

describe('a wasm binary that cannot load', () => {
  it('→ backend error naming the URL it tried and the fix, shown in the element', async () => {
    const el = await fixture<StyleTransferElement>(
      html`<style-transfer wasm-base-url="/no-wasm-here/" content-src=${contentImages[3]} style-src=${styleImages[2]}></style-transfer>`,
    );
    const detail = await nextError(el);
    expect(detail.type).to.equal('backend');
    expect(detail.message).to.match(/\/no-wasm-here\/tfjs-backend-wasm(-simd)?\.wasm/).and.contain('404').and.contain('wasm-base-url');
    await el.updateComplete;
    expect(el.getAttribute('error')).to.equal('backend');
    const box = el.shadowRoot!.querySelector<HTMLElement>('[part="error"]')!;
    expect(box.hidden).to.equal(false);
    expect(box.textContent).to.contain('/no-wasm-here/');
  });
});
