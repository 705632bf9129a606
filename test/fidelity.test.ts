/**
 * Our TF-Lite → GraphModel port against the official TF-Lite runtime
 * (@tensorflow/tfjs-tflite, WASM), on the same real images and model files.
 */
import { expect } from '@open-wc/testing';
import { Networks } from '../src/engine/networks.js';
import { centralSquare } from '../src/engine/image-source.js';
import { MODEL_SETS } from '../src/models/model-sets.js';
import { bitmapOf, contentImages, cosine, MODEL_BASE, rgbFloats, styleImages } from './helpers/images.js';
import { runOfficialTflite } from './reference/tflite-reference.js';

const SIZE = 384;
const pairs = [
  [contentImages[0], styleImages[0]],
  [contentImages[1], styleImages[1]],
  [contentImages[2], styleImages[3]],
];

describe('fidelity against the official TF-Lite runtime', () => {
  const set = MODEL_SETS.magenta;

  for (const [contentUrl, styleUrl] of pairs) {
    it(`matches on ${contentUrl.split('/').pop()} × ${styleUrl.split('/').pop()}`, async () => {
      const engine = await Networks.load('magenta');
      const style = await centralSquare(await bitmapOf(styleUrl), set.styleSize);
      const content = await centralSquare(await bitmapOf(contentUrl), SIZE);

      const ours = await engine.styleVector(style);
      const official = await runOfficialTflite(MODEL_BASE + set.styleNetwork.path, [rgbFloats(style)]);
      const styleCosine = cosine(ours, official);

      const ourImage = (await engine.stylize(content, ours)).image.data;
      const officialImage = await runOfficialTflite(MODEL_BASE + set.transformer.path, [
        rgbFloats(content),
        { data: official, shape: [1, 1, 1, official.length] },
      ]);
      let diff = 0;
      for (let p = 0, q = 0; p < officialImage.length; p++, q += q % 4 === 2 ? 2 : 1) {
        diff += Math.abs(ourImage[q] - Math.round(officialImage[p] * 255));
      }
      const meanDiff = diff / officialImage.length;
      console.log(`fidelity ${contentUrl} × ${styleUrl}: style cosine ${styleCosine.toFixed(5)}, image mean abs diff ${meanDiff.toFixed(3)}/255`);

      expect(styleCosine).to.be.at.least(0.995);
      expect(meanDiff).to.be.at.most(2);
    });
  }
});
