/**
 * Turns TF-Lite constant buffers (float32, float16, per-tensor or per-channel
 * quantised int8/uint8/int32, plain int32/int64) into float32 or int32 arrays.
 */
import { halvesToFloats } from '../../internal/float16.js';
import { TensorType, type TfliteTensor } from './tflite-schema.js';

export interface ConstantValues {
  values: Float32Array | Int32Array;
  shape: number[];
}

export function constantValues(tensor: TfliteTensor): ConstantValues {
  const bytes = tensor.data;
  if (!bytes) throw new Error(`tensor "${tensor.name}" has no constant data`);
  // Copy first: flatbuffer vectors are not guaranteed to be aligned for typed-array views.
  const aligned = bytes.slice().buffer;
  const raw = rawValues(tensor, aligned);
  const q = tensor.quantization;
  if (!q) {
    const values = raw instanceof Float32Array || raw instanceof Int32Array ? raw : Int32Array.from(raw);
    return { values, shape: tensor.shape };
  }
  return { values: dequantize(raw, tensor.shape, q.scale, q.zeroPoint, q.quantizedDimension), shape: tensor.shape };
}

function rawValues(tensor: TfliteTensor, buffer: ArrayBuffer): ArrayLike<number> & Iterable<number> {
  switch (tensor.type) {
    case TensorType.FLOAT32:
      return new Float32Array(buffer);
    case TensorType.FLOAT16:
      return halvesToFloats(new Uint16Array(buffer));
    case TensorType.INT32:
      return new Int32Array(buffer);
    case TensorType.INT64:
      return Array.from(new BigInt64Array(buffer), Number);
    case TensorType.INT8:
      return new Int8Array(buffer);
    case TensorType.UINT8:
      return new Uint8Array(buffer);
    default:
      throw new Error(`tensor "${tensor.name}" has TF-Lite type ${tensor.type}, which the adapter does not read`);
  }
}

/** real = scale[c] · (q − zeroPoint[c]), where c is the index along the quantised axis. */
function dequantize(
  q: ArrayLike<number>,
  shape: number[],
  scale: Float32Array,
  zeroPoint: number[],
  axis: number,
): Float32Array {
  const out = new Float32Array(q.length);
  const channels = scale.length;
  // One channel's values come in runs of `run` (everything, when one scale covers the tensor).
  const run = channels === 1 ? q.length : shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  for (let start = 0, c = 0; start < q.length; start += run, c = (c + 1) % channels) {
    const s = scale[c];
    const z = zeroPoint[c] ?? 0;
    for (let i = start; i < start + run; i++) out[i] = s * (q[i] - z);
  }
  return out;
}

/** TF-Lite convolution filters are [out, h, w, in]; TensorFlow wants [h, w, in, out]. Each value times `factor`. */
export function filterToHwio({ values, shape }: ConstantValues, factor = 1): ConstantValues {
  const [o, h, w, i] = shape;
  const out = new Float32Array(values.length);
  const spatialIn = h * w * i;
  // Written in order, read with a stride: the faster way round.
  for (let k = 0, at = 0; k < spatialIn; k++) {
    for (let oc = 0; oc < o; oc++) out[at++] = values[oc * spatialIn + k] * factor;
  }
  return { values: out, shape: [h, w, i, o] };
}
