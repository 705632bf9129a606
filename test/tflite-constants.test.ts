/** The adapter's pure parts: reading TF-Lite constant buffers (fp16, quantised int8) and filter layout. */
import { expect } from '@open-wc/testing';
import { constantValues, filterToHwio } from '../src/models/tflite/constant-values.js';
import { TensorType, type TfliteTensor } from '../src/models/tflite/tflite-schema.js';

const tensor = (type: number, shape: number[], data: ArrayBufferView, quantization: TfliteTensor['quantization'] = null): TfliteTensor => ({
  name: 't',
  shape,
  type,
  data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  quantization,
});

const quantized = (scale: number[], zeroPoint: number[], quantizedDimension = 0) => ({
  scale: Float32Array.from(scale),
  zeroPoint,
  quantizedDimension,
});

describe('TF-Lite constants', () => {
  it('decodes float16: normal, subnormal, signed zero, infinity and NaN', () => {
    // 1, -2, 0.5, 65504 (largest), 2^-24 (smallest subnormal), -0, +Inf, NaN
    const halves = Uint16Array.from([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x8000, 0x7c00, 0x7e00]);
    const { values } = constantValues(tensor(TensorType.FLOAT16, [8], halves));
    expect(Array.from(values.slice(0, 6))).to.deep.equal([1, -2, 0.5, 65504, 2 ** -24, -0]);
    expect(values[6]).to.equal(Infinity);
    expect(Number.isNaN(values[7])).to.equal(true);
  });

  it('dequantises int8 per channel along the quantised axis: scale · (q − zero point)', () => {
    const q = Int8Array.from([10, -10, 4, 127, 1, -128]); // shape [2, 3], channels along axis 0
    const { values } = constantValues(tensor(TensorType.INT8, [2, 3], q, quantized([0.5, 2], [0, 1])));
    expect(Array.from(values)).to.deep.equal([5, -5, 2, 252, 0, -258]);
    // The last axis (as depthwise filters are quantised): the channel changes with every value.
    const last = constantValues(tensor(TensorType.INT8, [2, 3], q, quantized([1, 2, 3], [0, 0, 1], 1)));
    expect(Array.from(last.values)).to.deep.equal([10, -20, 9, 127, 2, -387]);
  });

  it('dequantises per tensor with one scale, and reads int64 as numbers', () => {
    const perTensor = quantized([0.25], [-3]);
    expect(Array.from(constantValues(tensor(TensorType.INT8, [3], Int8Array.from([-3, 1, 5]), perTensor)).values)).to.deep.equal([0, 1, 2]);
    expect(Array.from(constantValues(tensor(TensorType.INT64, [2], BigInt64Array.from([7n, -2n]))).values)).to.deep.equal([7, -2]);
  });

  it('reorders convolution filters from [out, h, w, in] to [h, w, in, out]', () => {
    // out = 2, h = 1, w = 2, in = 1: values name their (out, w) position.
    const hwio = filterToHwio({ values: Float32Array.from([0, 1, 10, 11]), shape: [2, 1, 2, 1] });
    expect(hwio.shape).to.deep.equal([1, 2, 1, 2]);
    expect(Array.from(hwio.values)).to.deep.equal([0, 10, 1, 11]);
  });
});
