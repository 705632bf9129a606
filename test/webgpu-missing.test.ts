/**
 * backend="webgpu" in a browser with no WebGPU at all (no navigator.gpu, no GPU* globals, as in browsers that do
 * not ship it): TF.js's WebGPU module still imports, and the element gives a backend error saying why. Its own
 * file: the globals are gone for the page, and the runtime is page-wide.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import '../src/style-transfer/style-transfer.js';
import { nextError } from './helpers/element.js';
import { contentImages, styleImages } from './helpers/images.js';

const [, , , beach] = contentImages;
const [, , stripes] = styleImages;

describe('backend="webgpu" without WebGPU', () => {
  it('→ backend error naming the missing adapter', async () => {
    for (const name of ['GPU', 'GPUAdapter', 'GPUDevice', 'GPUBufferUsage', 'GPUTextureUsage', 'GPUMapMode', 'GPUShaderStage']) {
      delete (window as unknown as Record<string, unknown>)[name];
    }
    Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
    const el = await fixture<StyleTransferElement>(html`<style-transfer backend="webgpu" max-size="64"></style-transfer>`);
    const error = nextError(el);
    Object.assign(el, { contentSrc: beach, styleSrc: stripes });
    const detail = await error;
    expect(detail.type).to.equal('backend');
    expect(detail.message).to.contain('"webgpu"').and.contain('no WebGPU adapter');
  });
});
