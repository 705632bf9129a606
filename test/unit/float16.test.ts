/** IEEE 754 half precision by hand (src/internal/float16.ts): the model weights' and style vectors' text form. */
import { expect } from '@open-wc/testing';
import { floatToHalf, halfToFloat, halvesToFloats } from '../../src/internal/float16.js';

describe('float16', () => {
  it('encodes to the nearest half, ties to even, and decodes back', () => {
    const cases: [number, number][] = [
      [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [0.1, 0x2e66], [65504, 0x7bff], [70000, 0x7c00],
      [2 ** -24, 0x0001], [2 ** -14, 0x0400], [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02],
    ];
    for (const [value, half] of cases) expect(floatToHalf(value), String(value)).to.equal(half);
    for (let h = 0; h < 0x7c00; h += 97) expect(floatToHalf(halfToFloat(h)), `0x${h.toString(16)}`).to.equal(h);
  });

  it('decodes many halves at once exactly as one by one', () => {
    const every = Uint16Array.from({ length: 0x10000 }, (_, h) => h);
    const floats = halvesToFloats(every);
    const wrong = [...every].filter((h) => !Object.is(floats[h], Math.fround(halfToFloat(h))));
    expect(wrong, 'halves decoded differently').to.deep.equal([]);
  });

  it('keeps infinities and NaN, and rounds past the largest half to infinity', () => {
    expect([floatToHalf(Infinity), floatToHalf(-Infinity), floatToHalf(65520), floatToHalf(-1e9)]).to.deep.equal([0x7c00, 0xfc00, 0x7c00, 0xfc00]);
    expect(floatToHalf(65519)).to.equal(0x7bff); // still nearer 65504 than 65536
    expect([halfToFloat(0x7c00), halfToFloat(0xfc00)]).to.deep.equal([Infinity, -Infinity]);
    expect(halfToFloat(floatToHalf(NaN))).to.be.NaN;
    expect(Object.is(halfToFloat(0x8000), -0)).to.equal(true);
  });
});
