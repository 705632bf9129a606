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

  /** The weights as one concatenated buffer plus their specs, in the same order. */
  weightArtifacts(): { weightSpecs: io.WeightsManifestEntry[]; weightData: ArrayBuffer } {
    const total = this.weights.reduce((sum, w) => sum + w.data.byteLength, 0);
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const { data } of this.weights) {
      bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
      offset += data.byteLength;
    }
    return { weightSpecs: this.weights.map((w) => w.spec), weightData: bytes.buffer };
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
