/**
 * A typed, read-only view of the parts of the TF-Lite flatbuffer schema
 * (tensorflow/lite/schema/schema.fbs, file identifier "TFL3") that the
 * adapter needs. Field numbers follow the schema; the `flatbuffers` runtime
 * does the byte-level work.
 */
import { ByteBuffer } from 'flatbuffers';

/** TF-Lite `TensorType` values the adapter understands. */
export const TensorType = {
  FLOAT32: 0,
  FLOAT16: 1,
  INT32: 2,
  UINT8: 3,
  INT64: 4,
  INT8: 9,
} as const;

/** Names of `BuiltinOperator` codes 0–116, for error messages (later codes are shown as numbers). */
const BUILTIN_OPERATOR_NAMES = [
  'ADD', 'AVERAGE_POOL_2D', 'CONCATENATION', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'DEPTH_TO_SPACE', 'DEQUANTIZE',
  'EMBEDDING_LOOKUP', 'FLOOR', 'FULLY_CONNECTED', 'HASHTABLE_LOOKUP', 'L2_NORMALIZATION', 'L2_POOL_2D',
  'LOCAL_RESPONSE_NORMALIZATION', 'LOGISTIC', 'LSH_PROJECTION', 'LSTM', 'MAX_POOL_2D', 'MUL', 'RELU', 'RELU_N1_TO_1',
  'RELU6', 'RESHAPE', 'RESIZE_BILINEAR', 'RNN', 'SOFTMAX', 'SPACE_TO_DEPTH', 'SVDF', 'TANH', 'CONCAT_EMBEDDINGS',
  'SKIP_GRAM', 'CALL', 'CUSTOM', 'EMBEDDING_LOOKUP_SPARSE', 'PAD', 'UNIDIRECTIONAL_SEQUENCE_RNN', 'GATHER',
  'BATCH_TO_SPACE_ND', 'SPACE_TO_BATCH_ND', 'TRANSPOSE', 'MEAN', 'SUB', 'DIV', 'SQUEEZE',
  'UNIDIRECTIONAL_SEQUENCE_LSTM', 'STRIDED_SLICE', 'BIDIRECTIONAL_SEQUENCE_RNN', 'EXP', 'TOPK_V2', 'SPLIT',
  'LOG_SOFTMAX', 'DELEGATE', 'BIDIRECTIONAL_SEQUENCE_LSTM', 'CAST', 'PRELU', 'MAXIMUM', 'ARG_MAX', 'MINIMUM', 'LESS',
  'NEG', 'PADV2', 'GREATER', 'GREATER_EQUAL', 'LESS_EQUAL', 'SELECT', 'SLICE', 'SIN', 'TRANSPOSE_CONV',
  'SPARSE_TO_DENSE', 'TILE', 'EXPAND_DIMS', 'EQUAL', 'NOT_EQUAL', 'LOG', 'SUM', 'SQRT', 'RSQRT', 'SHAPE', 'POW',
  'ARG_MIN', 'FAKE_QUANT', 'REDUCE_PROD', 'REDUCE_MAX', 'PACK', 'LOGICAL_OR', 'ONE_HOT', 'LOGICAL_AND',
  'LOGICAL_NOT', 'UNPACK', 'REDUCE_MIN', 'FLOOR_DIV', 'REDUCE_ANY', 'SQUARE', 'ZEROS_LIKE', 'FILL', 'FLOOR_MOD',
  'RANGE', 'RESIZE_NEAREST_NEIGHBOR', 'LEAKY_RELU', 'SQUARED_DIFFERENCE', 'MIRROR_PAD', 'ABS', 'SPLIT_V', 'UNIQUE',
  'CEIL', 'REVERSE_V2', 'ADD_N', 'GATHER_ND', 'COS', 'WHERE', 'RANK', 'ELU', 'REVERSE_SEQUENCE', 'MATRIX_DIAG',
  'QUANTIZE', 'MATRIX_SET_DIAG', 'ROUND',
];

export function builtinOperatorName(code: number): string {
  return BUILTIN_OPERATOR_NAMES[code] ?? `builtin operator #${code}`;
}

export interface Quantization {
  scale: Float32Array;
  zeroPoint: number[];
  quantizedDimension: number;
}

export interface TfliteTensor {
  name: string;
  shape: number[];
  type: number;
  /** The constant bytes of this tensor, or null for activations. */
  data: Uint8Array | null;
  quantization: Quantization | null;
}

export interface TfliteOperator {
  /** The builtin operator code (schema enum `BuiltinOperator`). */
  opcode: number;
  /** The custom op name when `opcode` is CUSTOM. */
  customCode: string | null;
  inputs: number[];
  outputs: number[];
  /** The builtin options table; read fields with its typed getters. */
  options: FlatTable | null;
}

export interface TfliteModel {
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
}

/** One table of the flatbuffer, with typed getters by schema field number. */
export class FlatTable {
  constructor(
    private readonly bb: ByteBuffer,
    private readonly pos: number,
  ) {}

  private offset(field: number): number {
    return this.bb.__offset(this.pos, 4 + 2 * field);
  }

  int8(field: number, fallback = 0): number {
    const o = this.offset(field);
    return o ? this.bb.readInt8(this.pos + o) : fallback;
  }

  int32(field: number, fallback = 0): number {
    const o = this.offset(field);
    return o ? this.bb.readInt32(this.pos + o) : fallback;
  }

  uint32(field: number, fallback = 0): number {
    const o = this.offset(field);
    return o ? this.bb.readUint32(this.pos + o) : fallback;
  }

  float32(field: number, fallback = 0): number {
    const o = this.offset(field);
    return o ? this.bb.readFloat32(this.pos + o) : fallback;
  }

  bool(field: number, fallback = false): boolean {
    const o = this.offset(field);
    return o ? this.bb.readInt8(this.pos + o) !== 0 : fallback;
  }

  string(field: number): string | null {
    const o = this.offset(field);
    return o ? (this.bb.__string(this.pos + o) as string) : null;
  }

  table(field: number): FlatTable | null {
    const o = this.offset(field);
    return o ? new FlatTable(this.bb, this.bb.__indirect(this.pos + o)) : null;
  }

  tables(field: number): FlatTable[] {
    const { start, length } = this.vector(field);
    return Array.from({ length }, (_, i) => new FlatTable(this.bb, this.bb.__indirect(start + 4 * i)));
  }

  int32s(field: number): number[] {
    const { start, length } = this.vector(field);
    return Array.from({ length }, (_, i) => this.bb.readInt32(start + 4 * i));
  }

  int64s(field: number): number[] {
    const { start, length } = this.vector(field);
    // Two 32-bit halves, not readInt64: its BigInt is slow over a model's many quantisation parameters.
    return Array.from({ length }, (_, i) => this.bb.readInt32(start + 8 * i + 4) * 2 ** 32 + (this.bb.readInt32(start + 8 * i) >>> 0));
  }

  float32s(field: number): Float32Array {
    const { start, length } = this.vector(field);
    const values = new Float32Array(length);
    for (let i = 0; i < length; i++) values[i] = this.bb.readFloat32(start + 4 * i);
    return values;
  }

  bytes(field: number): Uint8Array | null {
    const { start, length } = this.vector(field);
    return length ? this.bb.bytes().subarray(start, start + length) : null;
  }

  private vector(field: number): { start: number; length: number } {
    const o = this.offset(field);
    if (!o) return { start: 0, length: 0 };
    return { start: this.bb.__vector(this.pos + o), length: this.bb.__vector_len(this.pos + o) };
  }
}

const BUILTIN_CUSTOM = 32;

/** Parses a `.tflite` file's first subgraph into plain objects. */
export function readTfliteModel(bytes: Uint8Array): TfliteModel {
  const bb = new ByteBuffer(bytes);
  if (bytes.length < 8 || !bb.__has_identifier('TFL3')) {
    throw new Error('not a TF-Lite model (the file does not carry the "TFL3" identifier)');
  }
  const model = new FlatTable(bb, bb.readInt32(bb.position()) + bb.position());
  // Model: 1 operator_codes, 2 subgraphs, 4 buffers.
  const opcodes = model.tables(1).map((code) => ({
    // OperatorCode: 0 deprecated_builtin_code (int8), 1 custom_code, 3 builtin_code (int32).
    builtin: Math.max(code.int8(0), code.int32(3)),
    custom: code.string(1),
  }));
  const buffers = model.tables(4).map((buffer) => buffer.bytes(0));
  const [subgraph] = model.tables(2);
  if (!subgraph) throw new Error('the TF-Lite model has no subgraph');

  // SubGraph: 0 tensors, 1 inputs, 2 outputs, 3 operators.
  const tensors = subgraph.tables(0).map((t): TfliteTensor => {
    // Tensor: 0 shape, 1 type, 2 buffer, 3 name, 4 quantization.
    const q = t.table(4);
    // QuantizationParameters: 2 scale, 3 zero_point, 6 quantized_dimension (0 min and 1 max: unused).
    const scale = q?.float32s(2);
    return {
      shape: t.int32s(0),
      type: t.int8(1),
      data: buffers[t.uint32(2)] ?? null,
      name: t.string(3) ?? '',
      quantization: q && scale?.length ? { scale, zeroPoint: q.int64s(3), quantizedDimension: q.int32(6) } : null,
    };
  });
  const operators = subgraph.tables(3).map((op): TfliteOperator => {
    // Operator: 0 opcode_index, 1 inputs, 2 outputs, 4 builtin_options.
    const code = opcodes[op.uint32(0)];
    return {
      opcode: code.builtin,
      customCode: code.builtin === BUILTIN_CUSTOM ? code.custom : null,
      inputs: op.int32s(1),
      outputs: op.int32s(2),
      options: op.table(4),
    };
  });
  return { tensors, inputs: subgraph.int32s(1), outputs: subgraph.int32s(2), operators };
}
