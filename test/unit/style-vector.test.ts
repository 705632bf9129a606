/** Style vectors (src/engine/style-vector.ts): blending, strength, and their text form. */
import { expect } from '@open-wc/testing';
import { blendStyleVectors, styleVectorFromText, styleVectorToText, withStrength } from '../../src/engine/style-vector.js';
import { floatToHalf, halfToFloat } from '../../src/internal/float16.js';
import { thrown } from '../helpers/thrown.js';

const vector = (...values: number[]) => Float32Array.from(values);

describe('blendStyleVectors', () => {
  it('is the weighted mean, weights normalised', () => {
    expect(Array.from(blendStyleVectors([{ vector: vector(0, 10), weight: 3 }, { vector: vector(4, 2), weight: 1 }]))).to.deep.equal([1, 8]);
  });

  it('strength blends towards the content vector, and 1 keeps the style as it is', () => {
    const style = vector(1, 1);
    expect(Array.from(withStrength(style, vector(0, 3), 0.25))).to.deep.equal([0.25, 2.5]);
    expect(withStrength(style, vector(0, 3), 1)).to.equal(style);
  });

  it('refuses no weight, negative weights and mixed lengths', () => {
    expect(() => blendStyleVectors([{ vector: vector(1), weight: 0 }])).to.throw('weights');
    expect(() => blendStyleVectors([{ vector: vector(1), weight: 2 }, { vector: vector(1), weight: -1 }])).to.throw('weights');
    expect(() => blendStyleVectors([{ vector: vector(1), weight: 1 }, { vector: vector(1, 2), weight: 1 }])).to.throw('lengths');
  });

  it('refuses an empty list and a NaN weight as invalid-request, and lets a zero weight count for nothing', () => {
    expect(thrown(() => blendStyleVectors([]))).to.include({ name: 'StyleTransferError', type: 'invalid-request' });
    expect(thrown(() => blendStyleVectors([{ vector: vector(1), weight: NaN }]))).to.include({ type: 'invalid-request' });
    expect(Array.from(blendStyleVectors([{ vector: vector(2, 4), weight: 0 }, { vector: vector(6, 8), weight: 5 }]))).to.deep.equal([6, 8]);
  });

  it('strength 0 is the content vector alone, and the result is a new vector: its inputs are left as they were', () => {
    const [style, content] = [vector(1, 2), vector(5, 7)];
    const none = withStrength(style, content, 0);
    expect(Array.from(none)).to.deep.equal([5, 7]);
    expect(none).not.to.equal(content);
    expect([Array.from(style), Array.from(content)]).to.deep.equal([[1, 2], [5, 7]]);
  });
});

describe('unusable numbers', () => {
  it('a huge weight is normalised before it multiplies: the blend is the vector itself', () => {
    expect(Array.from(blendStyleVectors([{ vector: vector(2, -3), weight: 1e308 }]))).to.deep.equal([2, -3]);
  });

  it('refuses weights whose sum is infinite, and vectors holding NaN, an infinity or a number beyond ±1000', () => {
    expect(() => blendStyleVectors([{ vector: vector(1), weight: 1e308 }, { vector: vector(1), weight: 1e308 }])).to.throw('finite style weights');
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1001, 1e30]) {
      expect(thrown(() => blendStyleVectors([{ vector: vector(0, bad), weight: 1 }]))).to.include({ type: 'invalid-request', message: `style vector 1 holds ${Math.fround(bad)} at index 1: style vectors need finite numbers from -1000 to 1000` });
    }
    expect(Array.from(blendStyleVectors([{ vector: vector(-1000, 1000), weight: 1 }]))).to.deep.equal([-1000, 1000]);
  });

  it('a text whose halves hold NaN or an infinity is refused', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const text = styleVectorToText(vector(1, bad));
      expect(thrown(() => styleVectorFromText(text))).to.include({ type: 'invalid-request' }).and.have.property('message').that.contains('the style vector text holds');
    }
  });
});

describe('styleVectorToText / styleVectorFromText', () => {
  it('is base64url of little-endian float16: no "+", "/" or "=" padding', () => {
    expect(styleVectorToText(vector(1))).to.equal('ADw'); // 0x3c00: bytes 00 3c
    expect(styleVectorToText(vector(-65504))).to.equal('__s'); // 0xfbff: bytes ff fb, "//s=" in plain base64
    const hundred = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i) * 3);
    const text = styleVectorToText(hundred);
    expect(text).to.have.length(267); // 200 bytes
    expect(text).to.match(/^[A-Za-z0-9_-]+$/);
  });

  it('gives back every number a half holds exactly, and others at half precision', () => {
    const exact = vector(0, 1, -2, 0.5, 0.1 /* rounded below */, 65504, -65504, 2 ** -24, 2 ** -14, 1234, -0.0001);
    const back = styleVectorFromText(styleVectorToText(exact));
    expect(Array.from(back)).to.deep.equal(Array.from(exact, (v) => Math.fround(halfToFloat(floatToHalf(v)))));
    expect(back[0]).to.equal(0);
    expect(back[1]).to.equal(1);
    expect(back[5]).to.equal(65504);

    const hundred = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i * 1.7) * (1 + i / 10));
    const again = styleVectorFromText(styleVectorToText(hundred));
    expect(again).to.have.length(100);
    hundred.forEach((v, i) => expect(again[i], `number ${i}`).to.be.closeTo(v, Math.abs(v) * 2 ** -11 + 2 ** -25));
    // Text → vector → text is stable: the text is the vector's exact form.
    expect(styleVectorToText(again)).to.equal(styleVectorToText(hundred));
  });

  it('refuses anything that is not such a text, as invalid-request quoting it', () => {
    for (const text of ['', 'ADw=', 'AD+w', 'AD/w', 'AD w', 'ADé', 'A', 'AA', 'AAAA']) {
      // 'A': not base64 at all; 'AA': one byte, 'AAAA': three bytes, not whole halves.
      const error = thrown(() => styleVectorFromText(text));
      expect(error, JSON.stringify(text)).to.include({ name: 'StyleTransferError', type: 'invalid-request' });
      expect(error.message).to.contain(`"${text}"`);
    }
    const long = `${'A'.repeat(50)}=`;
    expect(thrown(() => styleVectorFromText(long)).message).to.contain(`"${'A'.repeat(40)}…"`).and.not.contain(long);
  });
});
