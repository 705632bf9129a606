/** backend="cpu" works (pure JavaScript, no WebAssembly) and an unknown backend is an attribute error. Its own file: the runtime is page-wide. */
import { expect, fixture, html } from '@open-wc/testing';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import '../src/style-transfer/style-transfer.js';
import { contentImages, styleImages } from './helpers/images.js';

const [, , , beach] = contentImages;
const [, , stripes] = styleImages;

/** The first `stylized` or `error` event of an element given `backend`, as [type, detail]. */
async function outcome(backend: string): Promise<[string, Record<string, unknown>]> {
  const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="64"></style-transfer>`);
  const settled = new Promise<[string, Record<string, unknown>]>((resolve) => {
    for (const type of ['stylized', 'error']) el.addEventListener(type, (e) => resolve([type, (e as CustomEvent).detail]), { once: true });
  });
  Object.assign(el, { backend, contentSrc: beach, styleSrc: stripes });
  return settled;
}

describe('the backend attribute', () => {
  it('backend="bogus" → invalid-attribute listing the backends', async () => {
    const [type, detail] = await outcome('bogus');
    expect([type, detail.type]).to.deep.equal(['error', 'invalid-attribute']);
    expect(detail.message).to.contain('"bogus"').and.contain('wasm, webgpu, webgl, cpu');
  });

  it('backend="cpu" paints on the main thread', async () => {
    const [type, detail] = await outcome('cpu');
    expect([type, detail.backend, detail.thread, detail.width], JSON.stringify(detail)).to.deep.equal(['stylized', 'cpu', 'main', 64]);
  });
});
