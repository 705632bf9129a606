/**
 * Collects TensorFlow GraphDef nodes and their constant weights in the JSON
 * form that `tf.loadGraphModel` reads (the same form the TF.js converter writes).
 */
import type { io } from '@tensorflow/tfjs-core';

export type AttrValue =
  | { s: number[] }
  | { i: number }
  | { f: number }
  | { b: boolean }
  | { type: 'DT_FLOAT' | 'DT_INT32' }
  | { list: { i?: number[]; s?: number[][] } }
  | { shape: { dim: { size: number }[] } };

export interface GraphNode {
  name: string;
  op: string;
  input: string[];
  attr: Record<string, AttrValue>;
}

/** Attribute helpers: strings are char-code arrays, which the converter accepts. */
export const attr = {
  str: (value: string): AttrValue => ({ s: Array.from(value, (c) => c.charCodeAt(0)) }),
  strs: (values: string[]): AttrValue => ({ list: { s: values.map((v) => Array.from(v, (c) => c.charCodeAt(0))) } }),
  ints: (values: number[]): AttrValue => ({ list: { i: values } }),
  int: (value: number): AttrValue => ({ i: value }),
  bool: (value: boolean): AttrValue => ({ b: value }),
  float: { type: 'DT_FLOAT' } as AttrValue,
  int32: { type: 'DT_INT32' } as AttrValue,
  shape: (dims: number[]): AttrValue => ({ shape: { dim: dims.map((size) => ({ size })) } }),
};

/** A fused (depthwise) convolution's attributes: strides and dilations over [height, width], the fused activation. */
export function convolutionAttrs(strides: number[], dilations: number[], padding: 'VALID' | 'SAME', activation: string | null): Record<string, AttrValue> {
  return {
    T: attr.float,
    num_args: attr.int(1),
    strides: attr.ints([1, ...strides, 1]),
    padding: attr.str(padding),
    dilations: attr.ints([1, ...dilations, 1]),
    data_format: attr.str('NHWC'),
    fused_ops: attr.strs(activation ? ['BiasAdd', activation] : ['BiasAdd']),
  };
}

export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  private readonly weights: { spec: io.WeightsManifestEntry; data: Float32Array | Int32Array }[] = [];
  private readonly taken = new Set<string>();

  /** Adds a node and returns its (unique) name. */
  add(op: string, name: string, input: string[], attrs: Record<string, AttrValue> = {}): string {
    const unique = this.uniqueName(name);
    this.nodes.push({ name: unique, op, input, attr: attrs });
    return unique;
  }

  constant(name: string, data: Float32Array | Int32Array, shape: number[]): string {
    const dtype = data instanceof Int32Array ? 'int32' : 'float32';
    const node = this.add('Const', name, [], { dtype: dtype === 'int32' ? attr.int32 : attr.float });
    this.weights.push({ spec: { name: node, shape, dtype }, data });
    return node;
  }

  scalar(name: string, value: number, dtype: 'float32' | 'int32' = 'float32'): string {
    return this.constant(name, dtype === 'int32' ? Int32Array.of(value) : Float32Array.of(value), []);
  }

  /** `tensor`'s sizes from axis `begin` up to `end`, as an int32 vector computed when the graph runs. */
  sizes(name: string, tensor: string, begin: number, end: number): string {
    const shape = this.add('Shape', `${name}/shape`, [tensor], { out_type: attr.int32 });
    const vector = (suffix: string, value: number) => this.constant(`${name}/${suffix}`, Int32Array.of(value), [1]);
    return this.add('StridedSlice', name, [shape, vector('begin', begin), vector('end', end), vector('strides', 1)]);
  }

  /** A shape vector of fixed sizes (numbers) and sizes computed at run time (int32 vectors of one). */
  shape(name: string, parts: (number | string)[]): string {
    const inputs = parts.map((part, i) => (typeof part === 'number' ? this.constant(`${name}/${i}`, Int32Array.of(part), [1]) : part));
    return this.add('ConcatV2', name, [...inputs, this.scalar(`${name}/axis`, 0, 'int32')], { N: attr.int(inputs.length), T: attr.int32 });
  }

  /** The weights of the given nodes as one concatenated buffer plus their specs, in the same order. */
  weightArtifacts(nodes: GraphNode[]): { weightSpecs: io.WeightsManifestEntry[]; weightData: ArrayBuffer } {
    const kept = new Set(nodes.map((node) => node.name));
    const weights = this.weights.filter((w) => kept.has(w.spec.name));
    const total = weights.reduce((sum, w) => sum + w.data.byteLength, 0);
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const { data } of weights) {
      bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
      offset += data.byteLength;
    }
    return { weightSpecs: weights.map((w) => w.spec), weightData: bytes.buffer };
  }

  private uniqueName(name: string): string {
    // ':' separates a node name from its output index in GraphDef inputs.
    const base = name.replace(/:/g, '_') || 'node';
    let candidate = base;
    for (let n = 1; this.taken.has(candidate); n++) candidate = `${base}_${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}
