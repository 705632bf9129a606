/**
 * The transformer's convolutions through our fused multiply-add kernel (direct-conv.ts): TF.js's values for
 * every shape the kernel takes (tails of its 6-pixel tiles, channel counts that do not fill its 8 lanes,
 * strides, activations), TF.js itself for what it does not take, and the real transformer running through it.
 */
import { expect } from '@open-wc/testing';
import type { Tensor, Tensor1D, Tensor4D } from '@tensorflow/tfjs-core';
import { Networks } from '../src/engine/networks.js';
import { wasmHeapBytes } from '../src/internal/tf-runtime.js';
import { conv2d, DIRECT_CONV_KERNEL } from '../src/models/tflite/direct-conv.js';
import { contentImages } from './helpers/images.js';

type Tf = Networks['runtime']['tf'];

/**
 * The kernel needs WebAssembly relaxed SIMD: Chromium and Firefox have it; WebKit (Safari's engine) has not, and
 * keeps TF.js's XNNPACK convolution, FusedConv2D, with the same values (the documented fallback). Told by the
 * engine, not by the code under test, so that a kernel that stopped loading in Chromium or Firefox fails here.
 */
const WEBKIT = /AppleWebKit/.test(navigator.userAgent) && !/Chrome|Firefox/.test(navigator.userAgent);
const [EXPECTED, FALLBACK] = WEBKIT ? ['FusedConv2D', DIRECT_CONV_KERNEL] : [DIRECT_CONV_KERNEL, 'FusedConv2D'];

interface Case {
  input: number[];
  /** [h, w, in, out] */
  filter: number[];
  stride?: number;
  activation?: string;
  padding?: string;
  dilation?: number;
}

const VALID = { strides: [1, 1, 1, 1], dilations: [1, 1, 1, 1], padding: 'VALID', fused_ops: ['biasadd'] };

const sine = (tf: Tf, shape: number[], phase: number, scale = 1) =>
  tf.reshape(tf.mul(tf.sin(tf.add(tf.mul(tf.range(0, shape.reduce((a, b) => a * b, 1)), 0.37), phase)), scale), shape);

/** The op's output and TF.js's `fused.conv2d` for the same case, and the kernels the op ran. */
async function run(c: Case) {
  const { tf } = (await Networks.load()).runtime;
  const { stride = 1, activation, padding = 'VALID', dilation = 1 } = c;
  const x = sine(tf, c.input, 0) as Tensor4D;
  const filter = sine(tf, c.filter, 1, 0.3) as Tensor4D;
  const bias = sine(tf, [c.filter[3]], 2, 0.5) as Tensor1D;
  const attrs = { strides: [1, stride, stride, 1], dilations: [1, dilation, dilation, 1], padding, fused_ops: activation ? ['biasadd', activation] : ['biasadd'] };
  let got: Tensor | undefined;
  const { kernelNames } = await tf.profile(() => (got = conv2d({ tf }, x, filter, bias, attrs)));
  const act = (activation ?? 'linear') as 'linear' | 'relu' | 'relu6';
  const want = tf.fused.conv2d({ x, filter, bias, strides: stride, pad: padding.toLowerCase() as 'valid', dilations: dilation, activation: act });
  expect(got!.shape).to.deep.equal(want.shape);
  const [a, b] = [await got!.data(), await want.data()];
  tf.dispose([x, filter, bias, got!, want]);
  return { kernelNames, got: a, want: b };
}

describe('convolutions with fused multiply-adds (direct-conv.ts)', () => {
  const taken: Case[] = [
    { input: [1, 11, 13, 32], filter: [3, 3, 32, 32] }, // residual blocks: 11 columns = one tile of 6 and 5 single pixels
    { input: [1, 14, 20, 6], filter: [9, 5, 6, 16], activation: 'relu' }, // first layer over column pairs
    { input: [1, 14, 20, 16], filter: [9, 5, 16, 6] }, // last layer: 6 of 8 lanes
    { input: [1, 9, 9, 8], filter: [3, 3, 8, 3], activation: 'relu6' }, // 3 channels: single-lane stores
    { input: [1, 17, 15, 8], filter: [3, 3, 8, 11], stride: 2 }, // stride 2; 11 channels: a full block and 3 lanes
    { input: [1, 4, 9, 1], filter: [2, 3, 1, 5] }, // one input channel, sub-pixel rows' 2×3 filter
    { input: [1, 3, 3, 4], filter: [3, 3, 4, 8] }, // one output pixel
    { input: [1, 1, 1, 100], filter: [1, 1, 100, 32], padding: 'SAME' }, // a style projection: 1×1 reads no padding
  ];
  for (const c of taken) {
    it(`${c.input.join('×')} * ${c.filter.join('×')}${c.stride ? ` stride ${c.stride}` : ''}${c.activation ? ` ${c.activation}` : ''}: TF.js's values, through the kernel (XNNPACK in WebKit)`, async () => {
      const { kernelNames, got, want } = await run(c);
      expect(kernelNames).to.include(EXPECTED).and.not.include(FALLBACK);
      // Fused multiply-adds round once where TF.js rounds twice: float32 rounding, nothing more.
      got.forEach((v, i) => expect(v, `element ${i}`).to.be.closeTo(want[i], 1e-5 * Math.max(1, Math.abs(want[i]))));
    });
  }

  const left: [string, Case][] = [
    ['SAME padding', { input: [1, 6, 7, 4], filter: [3, 3, 4, 8], padding: 'SAME' }],
    ['dilation 2', { input: [1, 9, 9, 4], filter: [3, 3, 4, 8], dilation: 2 }],
    ['an image smaller than the filter', { input: [1, 2, 9, 4], filter: [3, 3, 4, 8], padding: 'SAME' }],
  ];
  for (const [what, c] of left) {
    it(`leaves ${what} to TF.js`, async () => {
      const { kernelNames, got, want } = await run(c);
      expect(kernelNames).to.include('FusedConv2D').and.not.include(DIRECT_CONV_KERNEL);
      expect(Array.from(got)).to.deep.equal(Array.from(want));
    });
  }

  it('packs each filter once: 200 runs leave the heap as it was', async () => {
    const { tf } = (await Networks.load()).runtime;
    // 295 KB packed: 200 runs that each kept a packing would grow the heap by 59 MB.
    const [x, filter, bias] = [tf.ones([1, 3, 3, 32]) as Tensor4D, tf.ones([3, 3, 32, 256]) as Tensor4D, tf.zeros([256]) as Tensor1D];
    tf.dispose(conv2d({ tf }, x, filter, bias, VALID));
    const heap = wasmHeapBytes();
    for (let i = 0; i < 200; i++) tf.dispose(conv2d({ tf }, x, filter, bias, VALID));
    expect(wasmHeapBytes()).to.equal(heap);
    tf.dispose([x, filter, bias]);
  });

  it('packs anew for another filter or another bias: never a packing made for other values', async () => {
    const { tf } = (await Networks.load()).runtime;
    const x = sine(tf, [1, 7, 9, 8], 0) as Tensor4D;
    const [f1, f2] = [sine(tf, [3, 3, 8, 8], 1, 0.3), sine(tf, [3, 3, 8, 8], 2, 0.3)] as Tensor4D[];
    const [b1, b2] = [sine(tf, [8], 3), sine(tf, [8], 4)] as Tensor1D[];
    for (const [filter, bias] of [[f1, b1], [f2, b1], [f2, b2], [f1, b1]] as [Tensor4D, Tensor1D][]) {
      const got = conv2d({ tf }, x, filter, bias, VALID);
      const want = tf.fused.conv2d({ x, filter, bias, strides: 1, pad: 'valid' });
      const [a, b] = [await got.data(), await want.data()];
      a.forEach((v, i) => expect(v, `element ${i}`).to.be.closeTo(b[i], 1e-5 * Math.max(1, Math.abs(b[i]))));
      tf.dispose([got, want]);
    }
    tf.dispose([x, f1, f2, b1, b2]);
  });

  it('runs the transformer: every convolution through the kernel (XNNPACK in WebKit), no tensor left behind', async () => {
    const engine = await Networks.load();
    const { tf } = engine.runtime;
    const bitmap = await createImageBitmap(await (await fetch(contentImages[0])).blob(), { resizeWidth: 96, resizeHeight: 64 });
    const vector = new Float32Array(100).fill(0.1);
    await engine.stylize(bitmap, vector);
    const before = tf.memory().numTensors;
    const { kernels } = await tf.profile(async () => void (await engine.stylize(bitmap, vector)));
    const names = kernels.map((k) => k.name);
    expect(names.filter((n) => n === EXPECTED)).to.have.length.greaterThan(40);
    expect(names).not.to.include(FALLBACK);
    for (let i = 0; i < 3; i++) await engine.stylize(bitmap, vector);
    expect(tf.memory().numTensors).to.equal(before);
  });
});
