/**
 * A lost WebGL context (testable on SwiftShader) is an `error` of type context-lost, and the next run works on a
 * new context. Its own file: the TF.js runtime is page-wide, and this one runs WebGL.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import '../src/style-transfer/style-transfer.js';
import { loadRuntime } from '../src/internal/tf-runtime.js';
import { canvasOf, nextError } from './helpers/element.js';
import { contentImages, meanAbsDiff, rgbaBytes, styleImages } from './helpers/images.js';

const [, , , beach] = contentImages;
const [, , stripes] = styleImages;

describe('a lost WebGL context', () => {
  it('→ context-lost, then the next run paints the same picture on a new context', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer backend="webgl" max-size="64"></style-transfer>`);
    const first = oneEvent(el, 'stylized');
    Object.assign(el, { contentSrc: beach, styleSrc: stripes });
    expect((await first).detail.backend).to.equal('webgl');
    const before = rgbaBytes(canvasOf(el));

    const { tf } = await loadRuntime();
    const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
    const lost = new Promise((resolve) => gl.canvas.addEventListener('webglcontextlost', resolve, { once: true }));
    gl.getExtension('WEBGL_lose_context')!.loseContext();
    await lost;

    const error = nextError(el);
    el.strength = 0.999;
    expect(await error).to.include({ type: 'context-lost' });
    const again = oneEvent(el, 'stylized');
    el.strength = 1;
    expect((await again).detail.backend).to.equal('webgl');
    expect(meanAbsDiff(rgbaBytes(canvasOf(el)), before)).to.be.below(0.5);
  });
});
