/**
 * WebGL compiles a program per op and shape; with the shapes passed as uniforms, one program serves every
 * shape of an op. On an H100 that took the first result from 9 s to 3.7 s and each new image size from
 * 2–2.7 s to 0.65–0.86 s. Its own file: the TF.js runtime is page-wide, and this one runs WebGL (SwiftShader here).
 */
import { expect, oneEvent } from '@open-wc/testing';
import { loadRuntime } from '../src/internal/tf-runtime.js';
import { stylizedElement } from './helpers/element.js';
import { contentImages, styleImages } from './helpers/images.js';

const [, , , beach] = contentImages;
const [, , stripes] = styleImages;

/** The WebGL programs TF.js has compiled so far. */
async function compiledPrograms(): Promise<number> {
  const { tf } = await loadRuntime();
  return Object.keys((tf.backend() as unknown as { binaryCache: Record<string, unknown> }).binaryCache).length;
}

describe('WebGL programs', () => {
  it('are compiled once, not again for each image size', async () => {
    const { el, detail } = await stylizedElement({ content: beach, style: stripes, maxSize: 64, backend: 'webgl' });
    expect(detail.backend).to.equal('webgl');
    const atFirstSize = await compiledPrograms();

    const resized = oneEvent(el, 'stylized');
    el.maxSize = 96;
    expect((await resized).detail.width).to.equal(96);
    const added = (await compiledPrograms()) - atFirstSize;
    // Measured: 106 programs for the first result and 17 more for the new size; with the shapes compiled into
    // the programs, 302 and 55.
    expect(atFirstSize, 'programs compiled for the first result').to.be.within(20, 150);
    expect(added, 'programs compiled for the new size').to.be.below(30);
  });
});
