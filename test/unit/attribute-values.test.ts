/** Attribute text (src/style-transfer/attribute-values.ts): decimal numbers, number attributes with defaults, the style-src list. */
import { expect } from '@open-wc/testing';
import { decimal, numberOr, parseStyleList } from '../../src/style-transfer/attribute-values.js';
import { thrown } from '../helpers/thrown.js';

describe('decimal', () => {
  it('reads plain decimal notation, with sign, point, exponent and surrounding spaces', () => {
    const cases: [string, number][] = [
      ['1', 1], ['0', 0], [' 0.5 ', 0.5], ['.5', 0.5], ['5.', 5], ['-2', -2], ['+3', 3], ['1e3', 1000], ['1E-2', 0.01], ['2.5e+1', 25], ['007', 7], ['\t1\n', 1],
    ];
    for (const [text, value] of cases) expect(decimal(text), JSON.stringify(text)).to.equal(value);
  });

  it('is NaN for anything else, where Number() would read a number', () => {
    // Number() reads each of the first six as a number: 0, 0, 1, 2, Infinity, 2.
    for (const text of ['', '   ', '0x1', '0b10', 'Infinity', '0o2', 'NaN', '1,5', '1 2', '.', '1e', 'e3', '--1', '1.2.3', 'one', '½']) {
      expect(decimal(text), JSON.stringify(text)).to.be.NaN;
    }
  });
});

describe('numberOr', () => {
  it('goes back to its default when the attribute is removed or left empty', () => {
    const { fromAttribute } = numberOr(0.75);
    expect([fromAttribute(null), fromAttribute(''), fromAttribute('  ')]).to.deep.equal([0.75, 0.75, 0.75]);
    expect(numberOr(undefined).fromAttribute(null)).to.equal(undefined);
  });

  it('reads a decimal number, 0 included, and anything else as NaN (reported when a run starts)', () => {
    const { fromAttribute } = numberOr(1);
    expect([fromAttribute('0'), fromAttribute(' 0.3 '), fromAttribute('2e1')]).to.deep.equal([0, 0.3, 20]);
    for (const text of ['half', '0x10', '50%']) expect(fromAttribute(text), text).to.be.NaN;
  });

  it('writes the number back as text', () => {
    const { toAttribute } = numberOr(1);
    expect([toAttribute(0.25), toAttribute(0), toAttribute(1024)]).to.deep.equal(['0.25', '0', '1024']);
  });
});

describe('parseStyleList', () => {
  it('reads URLs with optional weights (default 1), as srcset writes candidates', () => {
    expect(parseStyleList('udnie.jpg')).to.deep.equal([{ src: 'udnie.jpg', weight: 1 }]);
    expect(parseStyleList('udnie.jpg 0.7, seaport.jpg 0.3')).to.deep.equal([
      { src: 'udnie.jpg', weight: 0.7 },
      { src: 'seaport.jpg', weight: 0.3 },
    ]);
    expect(parseStyleList('a.jpg 2, b.jpg, https://example.com/c.png?w=1 0')).to.deep.equal([
      { src: 'a.jpg', weight: 2 },
      { src: 'b.jpg', weight: 1 },
      { src: 'https://example.com/c.png?w=1', weight: 0 },
    ]);
  });

  it('ignores spaces, tabs, new lines and empty entries around the entries', () => {
    expect(parseStyleList('\n  a.jpg \t 3 ,\n\n  b.jpg  ,, ,')).to.deep.equal([
      { src: 'a.jpg', weight: 3 },
      { src: 'b.jpg', weight: 1 },
    ]);
    for (const text of ['', '   ', ' , ,, ']) expect(parseStyleList(text), JSON.stringify(text)).to.deep.equal([]);
  });

  it("keeps a data: URL's commas inside the URL", () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const svg = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3C/svg%3E".replaceAll(' ', '%20');
    expect(parseStyleList(`${png} 2, ${svg}, b.jpg 0.5`)).to.deep.equal([
      { src: png, weight: 2 },
      { src: svg, weight: 1 },
      { src: 'b.jpg', weight: 0.5 },
    ]);
    // A comma inside a run of non-space characters is part of the URL; only a trailing one ends the entry.
    expect(parseStyleList('a.jpg,b.jpg')).to.deep.equal([{ src: 'a.jpg,b.jpg', weight: 1 }]);
    expect(parseStyleList('a.jpg,, b.jpg 4')).to.deep.equal([
      { src: 'a.jpg', weight: 1 },
      { src: 'b.jpg', weight: 4 },
    ]);
  });

  it('throws invalid-attribute naming a malformed entry: a negative or non-decimal weight, or two of them', () => {
    for (const [text, entry] of [
      ['a.jpg -1', 'a.jpg -1'],
      ['a.jpg 0.5, b.jpg heavy', 'b.jpg heavy'],
      ['a.jpg 0x1', 'a.jpg 0x1'],
      ['a.jpg 0.5 0.5, b.jpg', 'a.jpg 0.5 0.5'],
      ['a.jpg NaN', 'a.jpg NaN'],
      ['data:image/png;base64,AAAA 50%', 'data:image/png;base64,AAAA 50%'],
    ]) {
      const error = thrown(() => parseStyleList(text));
      expect(error, text).to.include({ name: 'StyleTransferError', type: 'invalid-attribute' });
      expect(error.message, text).to.contain(`malformed entry "${entry}"`);
    }
  });
});
