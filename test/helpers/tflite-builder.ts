/** Writes tiny TF-Lite models with the flatbuffers builder, field numbers as in the TF-Lite schema. */
import { Builder } from 'flatbuffers';

export interface TensorSpec {
  name: string;
  shape: number[];
  /** TF-Lite TensorType (default FLOAT32 = 0). */
  type?: number;
  /** Constant contents (stored little-endian in a buffer of their own). */
  data?: Float32Array | Int32Array | Int8Array;
  quantization?: { scale: number[]; zeroPoint: number[] };
}

/** A builtin options field: its number in the options table and its value. */
export type OptionField = { field: number } & ({ int8: number } | { int32: number } | { bool: boolean } | { int32s: number[] });

export interface OpSpec {
  opcode: number;
  inputs: number[];
  outputs: number[];
  options?: OptionField[];
}

export function tfliteModel(spec: { tensors: TensorSpec[]; inputs: number[]; outputs: number[]; ops: OpSpec[] }): Uint8Array {
  const b = new Builder(1024);
  const ints = (values: number[]) => {
    b.startVector(4, values.length, 4);
    for (const v of [...values].reverse()) b.addInt32(v);
    return b.endVector();
  };
  const table = (fields: (() => void)[], count: number) => {
    b.startObject(count);
    fields.forEach((add) => add());
    return b.endObject();
  };
  const tables = (offsets: number[]) => {
    b.startVector(4, offsets.length, 4);
    for (const o of [...offsets].reverse()) b.addOffset(o);
    return b.endVector();
  };

  // Buffer 0 is empty by convention; each constant tensor gets its own.
  const buffers = [table([], 1)];
  const tensors = spec.tensors.map((t) => {
    const shape = ints(t.shape);
    const name = b.createString(t.name);
    let buffer = 0;
    if (t.data) {
      const data = b.createByteVector(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
      buffer = buffers.push(table([() => b.addFieldOffset(0, data, 0)], 1)) - 1;
    }
    let quantization = 0;
    if (t.quantization) {
      b.startVector(4, t.quantization.scale.length, 4);
      for (const v of [...t.quantization.scale].reverse()) b.addFloat32(v);
      const scale = b.endVector();
      b.startVector(8, t.quantization.zeroPoint.length, 8);
      for (const v of [...t.quantization.zeroPoint].reverse()) b.addInt64(BigInt(v));
      const zeroPoint = b.endVector();
      quantization = table([() => b.addFieldOffset(2, scale, 0), () => b.addFieldOffset(3, zeroPoint, 0)], 7);
    }
    return table(
      [
        () => b.addFieldOffset(0, shape, 0),
        () => b.addFieldInt8(1, t.type ?? 0, -1),
        () => b.addFieldInt32(2, buffer, -1),
        () => b.addFieldOffset(3, name, 0),
        () => quantization && b.addFieldOffset(4, quantization, 0),
      ],
      5,
    );
  });

  const opcodes = [...new Set(spec.ops.map((op) => op.opcode))];
  const operators = spec.ops.map((op) => {
    const [inputs, outputs] = [ints(op.inputs), ints(op.outputs)];
    const vectors = (op.options ?? []).map((f) => ('int32s' in f ? ints(f.int32s) : 0));
    const options = op.options
      ? table(
          op.options.map((f, i) => () => {
            if ('int8' in f) b.addFieldInt8(f.field, f.int8, -1);
            else if ('int32' in f) b.addFieldInt32(f.field, f.int32, -1);
            else if ('bool' in f) b.addFieldInt8(f.field, Number(f.bool), -1);
            else b.addFieldOffset(f.field, vectors[i], 0);
          }),
          Math.max(...op.options.map((f) => f.field)) + 1,
        )
      : 0;
    return table(
      [
        () => b.addFieldInt32(0, opcodes.indexOf(op.opcode), -1),
        () => b.addFieldOffset(1, inputs, 0),
        () => b.addFieldOffset(2, outputs, 0),
        () => options && b.addFieldOffset(4, options, 0),
      ],
      5,
    );
  });

  const subgraph = table(
    [
      ((v) => () => b.addFieldOffset(0, v, 0))(tables(tensors)),
      ((v) => () => b.addFieldOffset(1, v, 0))(ints(spec.inputs)),
      ((v) => () => b.addFieldOffset(2, v, 0))(ints(spec.outputs)),
      ((v) => () => b.addFieldOffset(3, v, 0))(tables(operators)),
    ],
    4,
  );
  const codes = tables(opcodes.map((code) => table([() => b.addFieldInt32(3, code, -1)], 4)));
  const [subgraphs, bufferVector] = [tables([subgraph]), tables(buffers)];
  const model = table(
    [() => b.addFieldInt32(0, 3, -1), () => b.addFieldOffset(1, codes, 0), () => b.addFieldOffset(2, subgraphs, 0), () => b.addFieldOffset(4, bufferVector, 0)],
    5,
  );
  b.finish(model, 'TFL3');
  return b.asUint8Array();
}
