/** The model sets are the single source of truth: the demo, the README and the element's docs list exactly them. */
import { expect } from '@open-wc/testing';
import { MODEL_SETS, SHIPPED_MODEL_SETS } from '../src/models/model-sets.js';

const ids = Object.keys(MODEL_SETS);
const text = async (url: string) => (await fetch(url)).text();

describe('model sets', () => {
  it('the demo offers exactly the model sets', async () => {
    const demo = new DOMParser().parseFromString(await text('/demo/index.html'), 'text/html');
    expect([...demo.querySelectorAll<HTMLOptionElement>('#model option')].map((o) => o.value)).to.deep.equal(ids);
  });

  it('the README and the model attribute docs name every model set', async () => {
    const readme = await text('/README.md');
    const manifest = JSON.parse(await text('/custom-elements.json'));
    const element = manifest.modules.flatMap((m: { declarations?: unknown[] }) => m.declarations ?? []).find((d: { tagName?: string }) => d.tagName === 'style-transfer');
    const docs = element.attributes.find((a: { name: string }) => a.name === 'model').description;
    for (const id of ids) {
      expect(readme, 'README').to.contain(`\`${id}\``);
      expect(docs, 'model attribute').to.contain(`\`${id}\``);
    }
  });

  it("every shipped file's digest is the one models/manifest.json publishes", async () => {
    const published = new Map<string, string>(JSON.parse(await text('/models/manifest.json')).files.map((f: { file: string; sha256: string }) => [f.file, f.sha256]));
    expect(SHIPPED_MODEL_SETS.map((set) => set.id)).to.deep.equal(['magenta', 'magenta-int8', 'magenta-dynamic']);
    for (const set of SHIPPED_MODEL_SETS) {
      for (const file of [set.styleNetwork, set.transformer]) expect(file, file.path).to.have.property('sha256', published.get(file.path));
    }
  });

  it('every set declares what the engine needs to run it', () => {
    for (const set of Object.values(MODEL_SETS)) {
      expect(set.styleNetwork.input, set.id).to.be.a('string').and.not.empty;
      expect([set.transformer.contentInput, set.transformer.styleInput], set.id).to.have.lengthOf(2);
      expect(set.sizeMultiple * set.styleSize * set.vectorLength, set.id).to.be.greaterThan(0);
    }
  });
});
