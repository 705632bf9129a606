/**
 * Fake quantisation: where the TF-Lite graph carries an int8 activation, the float port rounds it to the same
 * grid, `round(x / scale)` clamped to the int8 range, times `scale`. This reproduces the official integer
 * kernels closely; ignoring it lets the style vector drift out of the range the transformer was tuned on.
 *
 * The two multiplications fold into the convolutions around them where the algebra allows: `÷ scale` into the
 * convolution that computes `x` (its filter and bias, see `foldedOutputScale`), `× scale` into each
 * convolution that reads the result (its filter, see ConversionContext.scaledValue). Float rounding then
 * differs in the last bit, so a value within that of a step's midpoint may land on the neighbouring step. Every op that runs
 * costs a wasm call and, on several threads, a hand-over to the thread pool: unfolded, the style network's
 * 130 multiplications took a large share of its time on two threads.
 */
import type { ConversionContext } from './conversion-context.js';
import { attr } from './graph-builder.js';
import { TensorType, type TfliteTensor } from './tflite-schema.js';

const INT8_RANGE = { [TensorType.INT8]: [-128, 127], [TensorType.UINT8]: [0, 255] } as Record<number, [number, number]>;

/** The grid of an int8 activation: its step, and the lowest and highest steps from its zero point. */
export interface QuantGrid {
  scale: number;
  min: number;
  max: number;
}

/** The grid a tensor is rounded to; null for float tensors, constants and per-channel quantisation. */
export function activationGrid(tensor: TfliteTensor): QuantGrid | null {
  const range = INT8_RANGE[tensor.type];
  const q = tensor.quantization;
  if (!range || !q || tensor.data || q.scale.length !== 1) return null;
  const zeroPoint = q.zeroPoint[0] ?? 0;
  return { scale: q.scale[0], min: range[0] - zeroPoint, max: range[1] - zeroPoint };
}

/**
 * What a convolution's output is divided by when its `÷ scale` folds into it (1 where it cannot), and the
 * activation it then applies. ReLU commutes with a positive scale; ReLU6 becomes ReLU where the grid's
 * clamp already stops at 6 or below.
 */
export function foldedOutputScale(grid: QuantGrid | null, activation: string | null): { divisor: number; activation: string | null } {
  if (!grid || (activation !== null && activation !== 'Relu' && activation !== 'Relu6')) return { divisor: 1, activation };
  if (activation === 'Relu6') return Math.round(6 / grid.scale) >= grid.max ? { divisor: grid.scale, activation: 'Relu' } : { divisor: 1, activation };
  return { divisor: grid.scale, activation };
}

/** Rounds tensor `index` to its int8 grid, where it has one; its `÷ scale` may have folded into its producer. */
export function fakeQuantize(ctx: ConversionContext, index: number): void {
  const tensor = ctx.tensor(index);
  const grid = activationGrid(tensor);
  if (!grid) return;
  const g = ctx.graph;
  const base = `${tensor.name}/fake_quant`;
  // × 1/scale, not ÷ scale: the wasm backend multiplies faster than it divides.
  const scaled = ctx.isPrescaled(index) ? ctx.value(index) : g.add('Mul', `${base}/scaled`, [ctx.value(index), g.scalar(`${base}/inverse_scale`, 1 / grid.scale)], { T: attr.float });
  const rounded = g.add('Round', `${base}/round`, [scaled], { T: attr.float });
  const clamped = g.add('ClipByValue', `${base}/clamp`, [rounded, g.scalar(`${base}/min`, grid.min), g.scalar(`${base}/max`, grid.max)], { T: attr.float });
  ctx.defineScaled(index, clamped, grid.scale, base);
}
