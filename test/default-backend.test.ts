/**
 * The first result comes from WebAssembly in the worker on every device, one with a hardware GPU included: there
 * WebGL's first result compiles shaders for seconds on the page's main thread (and WebGPU's is tried only after a
 * first result: adaptive-backend.test.ts). Its own file: the TF.js runtime is page-wide.
 */
import { expect } from '@open-wc/testing';
import { contentImages, styleImages } from './helpers/images.js';
import { stylizedElement } from './helpers/element.js';

const UNMASKED_RENDERER_WEBGL = 0x9246;

/** Makes every WebGL 2 context on this page name an NVIDIA GPU as its renderer; undoes it when called. */
function reportHardwareGpu(): () => void {
  const getParameter = WebGL2RenderingContext.prototype.getParameter;
  WebGL2RenderingContext.prototype.getParameter = function (this: WebGL2RenderingContext, name: number) {
    return name === UNMASKED_RENDERER_WEBGL ? 'ANGLE (NVIDIA, Vulkan 1.4.312 (NVIDIA H100 80GB HBM3))' : getParameter.call(this, name);
  };
  return () => (WebGL2RenderingContext.prototype.getParameter = getParameter);
}

describe('the default backend', () => {
  it('gives the first result from WebAssembly in the worker on a device whose WebGL reports a hardware GPU', async () => {
    const restore = reportHardwareGpu();
    try {
      const probe = new OffscreenCanvas(1, 1).getContext('webgl2')!;
      const info = probe.getExtension('WEBGL_debug_renderer_info')!;
      expect(probe.getParameter(info.UNMASKED_RENDERER_WEBGL)).to.contain('NVIDIA');
      const { detail } = await stylizedElement({ content: contentImages[0], style: styleImages[0], maxSize: 128 });
      expect(detail.backend).to.equal('wasm');
      expect(detail.thread).to.equal('worker');
    } finally {
      restore();
    }
  });
});
