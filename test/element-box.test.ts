/**
 * The element's box before its result: `width`/`height` as `<img>` has them, else the photo's size as soon as it is
 * decoded, so a page does not jump; and the built-in loading indicator, driven by the run's progress.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import '../src/style-transfer/style-transfer.js';
import type { ProgressEventDetail } from '../src/style-transfer/style-transfer.events.js';
import { contentImages, styleImages } from './helpers/images.js';

const [, goldenGate] = contentImages; // 712×474: wider than tall
const [udnie] = styleImages;
const box = (el: Element) => el.getBoundingClientRect();
const loadingPart = (el: StyleTransferElement) => el.shadowRoot!.querySelector<HTMLElement>('[part="loading"]');

describe('the box before the result', function () {
  this.timeout(120_000);

  it('width and height give the box before anything loads; CSS sizes win over them', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer width="300" height="200"></style-transfer>`);
    expect([box(el).width, box(el).height]).to.deep.equal([300, 200]);
    el.style.width = '150px';
    expect([box(el).width, box(el).height], 'CSS width, aspect kept').to.deep.equal([150, 100]);
    el.style.width = '';
    el.setAttribute('width', 'wide');
    await el.updateComplete;
    expect(box(el).width, 'an unreadable width is ignored, as <img> ignores it').to.equal(0);
  });

  it("without them it takes the photo's size and aspect once decoded, before the result", async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer style="width: 240px" max-size="256"></style-transfer>`);
    expect(box(el).height, 'nothing known yet').to.equal(0);
    const phases: string[] = [];
    const sized = new Promise<ProgressEventDetail>((resolve) =>
      el.addEventListener('progress', ({ detail }) => (phases.push(detail.phase), detail.outputSize && resolve(detail))),
    );
    const painted = oneEvent(el, 'stylized');
    Object.assign(el, { contentSrc: goldenGate, styleSrc: udnie });
    const { outputSize } = await sized;
    await el.updateComplete;
    expect(phases, 'the size is known before the transformer runs').not.to.include('transformer');
    expect(outputSize!.width).to.equal(256);
    expect(box(el).height).to.be.closeTo((240 * outputSize!.height) / outputSize!.width, 0.5);
    const { detail } = await painted;
    expect([detail.width, detail.height]).to.deep.equal([outputSize!.width, outputSize!.height]);
    expect(box(el).height, 'no jump when the result arrives').to.be.closeTo((240 * detail.height) / detail.width, 0.5);
  });

  it('the natural size is the result\'s, as an <img> without CSS has its picture\'s', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer max-size="128" content-src=${goldenGate} style-src=${udnie}></style-transfer>`);
    const { detail } = await oneEvent(el, 'stylized');
    expect([box(el).width, box(el).height]).to.deep.equal([detail.width, detail.height]);
  });
});

describe('the loading indicator', function () {
  this.timeout(120_000);

  it('shows the run\'s progress until the first result, as an accessible progress bar', async () => {
    const el = await fixture<StyleTransferElement>(html`<style-transfer width="200" height="100" max-size="128"></style-transfer>`);
    expect(loadingPart(el) === null, 'nothing to do: no indicator').to.equal(true);
    const values: number[] = [];
    el.addEventListener('progress', async () => {
      await el.updateComplete;
      const part = loadingPart(el);
      if (part) values.push(Number(part.getAttribute('aria-valuenow')));
    });
    const painted = oneEvent(el, 'stylized');
    Object.assign(el, { contentSrc: goldenGate, styleSrc: udnie });
    await oneEvent(el, 'progress');
    await el.updateComplete;
    const part = loadingPart(el)!;
    expect(part.getAttribute('role')).to.equal('progressbar');
    expect([box(part).width, box(part).height], 'it fills the box the result will take').to.deep.equal([200, 100]);
    await painted;
    await el.updateComplete;
    expect(values.length).to.be.greaterThan(1);
    expect(values, 'it never goes back').to.deep.equal([...values].sort((a, b) => a - b));
    expect(values.at(-1)).to.be.greaterThan(values[0]);
    expect(loadingPart(el) === null, 'gone once the result is painted').to.equal(true);
  });

  it('a placeholder in the default slot replaces it', async () => {
    const el = await fixture<StyleTransferElement>(
      html`<style-transfer width="200" height="100" max-size="128" content-src=${goldenGate} style-src=${udnie}><p>Painting…</p></style-transfer>`,
    );
    await oneEvent(el, 'progress');
    await el.updateComplete;
    const part = loadingPart(el)!;
    expect(part.getClientRects().length, 'the fallback is not rendered').to.equal(0);
    expect(box(el.querySelector('p')!).height).to.be.greaterThan(0);
    await oneEvent(el, 'stylized');
  });

  it('a page restyles or hides it through its part and custom properties', async () => {
    const holder = await fixture<HTMLDivElement>(html`<div>
      <style>
        .styled { --style-transfer-progress-height: 7px; --style-transfer-progress-color: rgb(255, 0, 0); }
        .hidden::part(loading) { display: none; }
      </style>
      <style-transfer class="styled" width="100" height="100" max-size="64" content-src=${goldenGate} style-src=${udnie}></style-transfer>
      <style-transfer class="hidden" width="100" height="100" max-size="64" content-src=${goldenGate} style-src=${udnie}></style-transfer>
    </div>`);
    const [styled, hidden] = holder.querySelectorAll<StyleTransferElement>('style-transfer');
    await Promise.all([oneEvent(styled, 'progress'), oneEvent(hidden, 'progress')]);
    await Promise.all([styled.updateComplete, hidden.updateComplete]);
    const bar = loadingPart(styled)!.querySelector('.bar')!;
    expect(getComputedStyle(bar)).to.include({ height: '7px', backgroundColor: 'rgb(255, 0, 0)' });
    expect(loadingPart(hidden)!.getClientRects().length).to.equal(0);
    await Promise.all([oneEvent(styled, 'stylized'), oneEvent(hidden, 'stylized')]);
  });
});
