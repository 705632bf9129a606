/** Page-wide settings are static, set once before the first element connects. Its own file: TF.js starts once per page. */
import { expect, fixture, html } from '@open-wc/testing';
import { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import { nextError } from './helpers/element.js';
import { contentImages, styleImages } from './helpers/images.js';

describe('StyleTransferElement.wasmBaseUrl', () => {
  it('is where every element looks for the .wasm files', async () => {
    StyleTransferElement.wasmBaseUrl = '/static-wasm-folder/';
    const el = await fixture<StyleTransferElement>(html`<style-transfer content-src=${contentImages[3]} style-src=${styleImages[2]}></style-transfer>`);
    const detail = await nextError(el);
    expect(detail.type).to.equal('backend');
    expect(detail.message).to.contain('/static-wasm-folder/tfjs-backend-wasm');
  });
});
