/**
 * backend="auto", the default, where the browser's WebGPU is a software fallback (this machine's SwiftShader):
 * WebAssembly keeps the runs and nothing of WebGPU is loaded. With a hardware adapter: adaptive-webgpu.test.ts.
 * The adapter is asked once per page, so these run in a page of their own.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { AdaptiveStylizer } from '../src/engine/adaptive-stylizer.js';
import type { StyleTransferElement } from '../src/style-transfer/style-transfer.js';
import '../src/style-transfer/style-transfer.js';
import { adapterRequests, adapterRequestsAnswered, restoreAdapters, SIDE, smallRequest, watchAdapters, webGpuModuleLoaded } from './helpers/adapters.js';

const { content, styles } = smallRequest;

describe('backend="auto" (the default) with a software WebGPU', function () {
  this.timeout(180_000);
  before(() => watchAdapters({ hardware: false }));
  after(restoreAdapters);

  it('the element: after the page\'s second result it asks for a WebGPU adapter, once for the page; backend="wasm" never does', async () => {
    const wasm = await fixture<StyleTransferElement>(html`<style-transfer backend="wasm" max-size=${SIDE} content-src=${content} style-src=${styles[0].src}></style-transfer>`);
    expect((await oneEvent(wasm, 'stylized')).detail).to.include({ backend: 'wasm', thread: 'worker' });
    const rerun = oneEvent(wasm, 'stylized');
    wasm.strength = 0.5;
    await rerun;
    expect(adapterRequests.count).to.equal(0);

    // One picture on the page: no question asked (where there is no GPU, Chrome would log "No available adapters.").
    const first = await fixture<StyleTransferElement>(html`<style-transfer max-size=${SIDE} content-src=${content} style-src=${styles[0].src}></style-transfer>`);
    await oneEvent(first, 'stylized');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(adapterRequests.count, 'asked after one result').to.equal(0);
    first.remove();

    const autos = await fixture<HTMLElement>(html`<div>
      <style-transfer max-size=${SIDE} content-src=${content} style-src=${styles[0].src}></style-transfer>
      <style-transfer max-size=${SIDE} content-src=${content} style-src=${styles[0].src}></style-transfer>
    </div>`);
    const painted = await Promise.all([...autos.querySelectorAll('style-transfer')].map((auto) => oneEvent(auto, 'stylized')));
    for (const { detail } of painted) expect(detail).to.include({ backend: 'wasm', thread: 'worker' });
    // The page's second result starts the trial, which asks; with a fallback adapter the answer ends the trial, and
    // nothing else asks: once the answers are in, the count is final.
    await adapterRequestsAnswered();
    expect(adapterRequests.count).to.equal(1);
  });

  it('the engine: WebAssembly keeps the runs, and nothing of WebGPU is loaded', async () => {
    const adaptive = new AdaptiveStylizer();
    expect(await adaptive.stylize(smallRequest)).to.include({ backend: 'wasm', thread: 'worker' });
    expect(await adaptive.stylize(smallRequest)).to.include({ backend: 'wasm', thread: 'worker' });
    expect(await adaptive.decided).to.equal('wasm');
    expect(await adaptive.stylize({ ...smallRequest, strength: 0.5 })).to.include({ backend: 'wasm' });
    expect(webGpuModuleLoaded()).to.equal(false);
  });
});
