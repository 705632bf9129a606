/**
 * On a cross-origin isolated page (TF.js's threaded WebAssembly, a shared heap): the convolutions of
 * direct-conv.ts on two threads must still give TF.js's values (every row computed once, none skipped), and
 * the transformer must run through them. Reports to the test that opened it on a BroadcastChannel.
 */
import type { Tensor1D, Tensor4D } from '@tensorflow/tfjs-core';
import { Networks } from '../../src/engine/networks.js';
import { conv2d, convolutionThreads, DIRECT_CONV_KERNEL } from '../../src/models/tflite/direct-conv.js';

const channel = new BroadcastChannel('isolated-direct-conv');
try {
  const engine = await Networks.load();
  const { tf } = engine.runtime;
  const sine = (shape: number[], phase: number) => tf.reshape(tf.sin(tf.add(tf.mul(tf.range(0, shape.reduce((a, b) => a * b, 1)), 0.37), phase)), shape);
  const worst: number[] = [];
  const kernelsRun: string[] = [];
  // The last case's rows take about a millisecond each: a result handed back before the helper's last row is
  // done shows in the copy taken at once.
  const cases: [number[], number[], number][] = [[[1, 67, 45, 8], [3, 3, 8, 16], 1], [[1, 40, 31, 6], [9, 5, 6, 6], 1], [[1, 65, 33, 16], [3, 3, 16, 32], 2], [[1, 8, 400, 64], [3, 3, 64, 64], 1]];
  for (const [input, filter, stride] of cases) {
    const [x, f, b] = [sine(input, 0) as Tensor4D, tf.mul(sine(filter, 1), 0.3) as Tensor4D, sine([filter[3]], 2) as Tensor1D];
    const attrs = { strides: [1, stride, stride, 1], dilations: [1, 1, 1, 1], padding: 'VALID', fused_ops: ['biasadd', 'relu'] };
    let got: Tensor4D | undefined;
    kernelsRun.push(...(await tf.profile(() => (got = tf.tidy(() => tf.add(conv2d({ tf }, x, f, b, attrs), 0)) as Tensor4D))).kernelNames);
    const want = tf.fused.conv2d({ x, filter: f, bias: b, strides: stride, pad: 'valid', activation: 'relu' });
    worst.push(tf.max(tf.abs(tf.sub(got!, want))).dataSync()[0]);
    tf.dispose([x, f, b, got!, want]);
  }
  const bitmap = await createImageBitmap(new ImageData(64, 48));
  await engine.stylize(bitmap, new Float32Array(100).fill(0.1));
  const { kernels } = await tf.profile(async () => void (await engine.stylize(bitmap, new Float32Array(100).fill(0.1))));
  const ran = (name: string) => kernels.filter((k) => k.name === name).length;
  channel.postMessage({
    isolated: crossOriginIsolated,
    threads: convolutionThreads(tf),
    worst: Math.max(...worst),
    kernelsRun: [...new Set(kernelsRun)],
    transformer: { direct: ran(DIRECT_CONV_KERNEL), xnnpack: ran('FusedConv2D') },
  });
} catch (error) {
  channel.postMessage({ error: String((error as Error).stack ?? error) });
}
window.close();
