/** The committed custom-elements.json is what the analyzer makes of today's sources (npm test regenerates it into .scratch/). */
import { expect } from '@open-wc/testing';

const json = async (url: string) => (await fetch(url)).json();

describe('custom-elements.json', () => {
  it('is up to date with the sources (else: npm run analyze)', async () => {
    const [committed, fresh] = await Promise.all([json('/custom-elements.json'), json('/.scratch/cem/custom-elements.json')]);
    expect(committed).to.deep.equal(fresh);
  });

  it('describes the shipped files, typed attributes and events, and default values', async () => {
    const manifest = await json('/custom-elements.json');
    const module = manifest.modules.find((m: { path: string }) => m.path === 'dist/style-transfer/style-transfer.component.js');
    const element = module.declarations.find((d: { tagName?: string }) => d.tagName === 'style-transfer');
    const attribute = (name: string) => element.attributes.find((a: { name: string }) => a.name === name);
    expect(manifest.modules.every((m: { path: string }) => m.path.startsWith('dist/') && m.path.endsWith('.js'))).to.equal(true);
    expect(attribute('strength')).to.include({ default: '1' }).and.to.have.nested.property('type.text', 'number');
    expect(attribute('max-size')).to.include({ default: '1024' });
    expect(attribute('model')).to.include({ default: "'magenta'" });
    for (const event of element.events) expect(event.type.text, event.name).to.match(/^CustomEvent<\w+>$/);
  });
});
