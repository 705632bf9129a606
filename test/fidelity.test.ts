/**
 * Our TF-Lite → GraphModel port against the official TF-Lite runtime
 * (@tensorflow/tfjs-tflite, WASM), on the same real images and model files.
 * Runs in Chromium, Firefox and WebKit (web-test-runner.engines.config.mjs): each engine's port against the
 * official runtime in that same engine, with the convolutions that engine gets (our relaxed-SIMD kernel, or
 * XNNPACK in WebKit), so that a difference one engine brings shows up there.
 */
import { expect } from '@open-wc/testing';
import { engineName, FIDELITY_PAIRS, fidelityOf } from './helpers/fidelity.js';

describe('fidelity against the official TF-Lite runtime', () => {
  for (const [contentUrl, styleUrl] of FIDELITY_PAIRS) {
    it(`matches on ${contentUrl.split('/').pop()} × ${styleUrl.split('/').pop()}`, async () => {
      const { styleCosine, meanDiff, convolutions } = await fidelityOf(contentUrl, styleUrl);
      console.log(`fidelity (${engineName()}, ${convolutions}) ${contentUrl} × ${styleUrl}: style cosine ${styleCosine.toFixed(5)}, image mean abs diff ${meanDiff.toFixed(3)}/255`);

      expect(styleCosine).to.be.at.least(0.995);
      expect(meanDiff).to.be.at.most(2);
    });
  }
});
