/** The engine's padding, which needs TF.js. Its pure parts (blending, tiles, the shared cache, float16) are tested in test/unit/. */
import { expect } from '@open-wc/testing';
import { padToMultiple } from '../src/engine/networks.js';
import { loadRuntime } from '../src/internal/tf-runtime.js';

describe('padToMultiple', () => {
  it('mirrors the bottom rows and right columns up to the next multiple, and leaves a fitting image alone', async () => {
    const { tf } = await loadRuntime();
    // 3 rows × 5 columns, one channel: value = 10 × row + column.
    const image = tf.tensor4d([0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24], [1, 3, 5, 1]);
    const padded = padToMultiple(tf, image, 4);
    expect(padded.shape).to.deep.equal([1, 4, 8, 1]);
    const rows = (await padded.array())[0].map((row) => row.map(([value]) => value));
    expect(rows[0]).to.deep.equal([0, 1, 2, 3, 4, 3, 2, 1]); // reflected about the last column, which is not repeated
    expect(rows[3]).to.deep.equal(rows[1]); // reflected about the last row
    expect(padToMultiple(tf, image, 1)).to.equal(image);
    tf.dispose([image, padded]);
  });
});
