/** Each request setting described once (src/engine/request-fields.ts): the engine's checks and the element's are the same rules. */
import { expect } from '@open-wc/testing';
import { brokenRule, checkedRequest, REQUEST_FIELD_NAMES, REQUEST_FIELDS } from '../../src/engine/request-fields.js';
import { attributeName, requestFor, RUN_INPUTS } from '../../src/style-transfer/style-transfer.request.js';

const request = { content: 'photo.jpg', styles: [{ src: 'painting.jpg' }] };

/** Element inputs as Lit leaves them before any attribute is set, with attribute text to quote. */
function inputs(values: Record<string, unknown> = {}, attributes: Record<string, string> = {}) {
  const defaults = Object.fromEntries(REQUEST_FIELD_NAMES.map((name) => [name, REQUEST_FIELDS[name].default]));
  return {
    ...defaults,
    contentSrc: 'photo.jpg',
    styleSrc: 'painting.jpg',
    styleVectorText: '',
    maskSrc: '',
    ...values,
    getAttribute: (name: string) => attributes[name] ?? null,
    getAttributeNames: () => Object.keys(attributes),
  };
}

describe('request fields', () => {
  it('fills in every default, and keeps what the request gives', () => {
    const checked = checkedRequest({ ...request, strength: 0.25 });
    expect(checked).to.include({ strength: 0.25, maxSize: 1024, model: 'magenta', preserveColors: false, styleFit: 'cover' });
    expect(checked.styleSize).to.equal(undefined);
    expect(checked.tileSize).to.equal(undefined);
  });

  for (const [name, bad, good] of [
    ['strength', 1.5, 0],
    ['strength', Number.NaN, 1],
    ['maxSize', 8193, 8192],
    ['maxSize', 15, 16],
    ['styleSize', 31, 32],
    ['styleFit', 'contain', 'fill'],
    ['tileSize', 63, 0],
    ['tileSize', 300.5, 300],
    ['model', '', 'magenta-int8'],
    ['preserveColors', 'yes', true],
  ] as const) {
    it(`${name}: refuses ${String(bad)} (naming the rule), takes ${String(good)}`, () => {
      expect(brokenRule(name, good)).to.equal(undefined);
      const rule = brokenRule(name, bad);
      expect(rule).to.be.a('string');
      expect(() => checkedRequest({ ...request, [name]: bad })).to.throw(`${name} must be ${rule}, not ${String(bad)}`);
    });
  }

  it('refuses a request without a photo, without styles, or with a style that has neither src nor vector', () => {
    expect(() => checkedRequest({ ...request, content: '' })).to.throw('no content image');
    expect(() => checkedRequest({ ...request, styles: [] })).to.throw('at least one style');
    expect(() => checkedRequest({ ...request, styles: [{}] })).to.throw('a src or a vector');
  });

  it('the element checks its attributes with the same rules, naming the attribute and quoting its text', () => {
    for (const name of REQUEST_FIELD_NAMES) {
      const bad = { strength: 2, maxSize: 1, model: '', preserveColors: 'no', styleSize: 2000, styleFit: 'x', tileSize: 5 }[name];
      const attribute = attributeName(name);
      let message = '';
      try {
        requestFor(inputs({ [name]: bad }, { [attribute]: `text of ${attribute}` }));
      } catch (error) {
        message = (error as Error).message;
        expect(error).to.include({ type: 'invalid-attribute' });
      }
      expect(message).to.equal(`${attribute} must be ${brokenRule(name, bad)}, not "text of ${attribute}"`);
    }
  });

  it('every request field is an element input that re-runs, under its kebab-case attribute', () => {
    for (const name of REQUEST_FIELD_NAMES) expect(RUN_INPUTS, name).to.include(name);
    expect(REQUEST_FIELD_NAMES.map(attributeName)).to.deep.equal(['strength', 'max-size', 'model', 'preserve-colors', 'style-size', 'style-fit', 'mask-feather', 'mask-invert', 'tile-size']);
  });

  it('the element makes the request from its inputs, and none while a source is missing', () => {
    expect(requestFor(inputs({ strength: 0.5 }))).to.deep.include({ content: 'photo.jpg', styles: [{ src: 'painting.jpg', weight: 1 }], strength: 0.5 });
    expect(requestFor(inputs({ contentSrc: '' }))).to.equal(undefined);
    expect(requestFor(inputs())).not.to.have.property('mask');
    expect(requestFor(inputs({ maskSrc: 'mask.png', maskInvert: true }))).to.deep.include({ mask: 'mask.png', maskInvert: true, maskFeather: 4 });
    expect(() => requestFor(inputs({ contentSrc: '' }, { src: 'photo.jpg' }))).to.throw('content-src is not set');
  });
});
