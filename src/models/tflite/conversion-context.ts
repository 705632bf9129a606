/** The state of one TF-Lite → GraphDef conversion, shared by the op converters. */
import { constantValues, type ConstantValues } from './constant-values.js';
import { attr, GraphBuilder } from './graph-builder.js';
import type { TfliteModel, TfliteOperator, TfliteTensor } from './tflite-schema.js';

/** Thrown when a model uses something the adapter cannot translate. */
export class UnsupportedModelError extends Error {
  override name = 'UnsupportedModelError';
}

/** What an op converter sees: tensor lookups and the graph under construction. */
export class ConversionContext {
  readonly graph = new GraphBuilder();
  private readonly produced = new Map<number, string>();
  private readonly constantAliases = new Map<number, number>();
  private readonly constantNodes = new Map<string, string>();
  private readonly evenSized = new Set<number>();
  private readonly producers = new Map<number, TfliteOperator>();
  private readonly uses = new Map<number, number>();
  /** Tensors held as a node times a scale: the product is made only for a consumer that cannot take the scale in. */
  private readonly scaled = new Map<number, { node: string; scale: number; name: string }>();
  /** Tensors whose producer already divided them by their fake-quantisation scale. */
  private readonly prescaled = new Set<number>();

  constructor(readonly model: TfliteModel) {
    for (const op of model.operators) {
      for (const output of op.outputs) this.producers.set(output, op);
      for (const input of op.inputs) this.uses.set(input, (this.uses.get(input) ?? 0) + 1);
    }
    for (const output of model.outputs) this.uses.set(output, (this.uses.get(output) ?? 0) + 1);
  }

  /** How many ops (and graph outputs) take a tensor. */
  consumers(index: number): number {
    return this.uses.get(index) ?? 0;
  }

  /** The op that computes a tensor (undefined for inputs and constants). */
  producer(index: number): TfliteOperator | undefined {
    return this.producers.get(index);
  }

  tensor(index: number): TfliteTensor {
    return this.model.tensors[index];
  }

  /** The node name holding a tensor's value (creating a Const node, or the product of a scaled one, on first use). */
  value(index: number): string {
    const node = this.produced.get(index);
    if (node) return node;
    const scaled = this.scaled.get(index);
    if (scaled) {
      const product = this.graph.add('Mul', scaled.name, [scaled.node, this.graph.scalar(`${scaled.name}/scale`, scaled.scale)], { T: attr.float });
      this.produced.set(index, product);
      return product;
    }
    const constant = this.constant(index);
    if (!constant) throw new UnsupportedModelError(`tensor "${this.tensor(index).name}" is used before it is computed`);
    return this.constantNode(index, constant);
  }

  /** A constant's values, following DEQUANTIZE ops over constants; null for activations. */
  constant(index: number): ConstantValues | null {
    const source = this.constantAliases.get(index) ?? index;
    if (this.produced.has(source) || !this.tensor(source).data) return null;
    return constantValues(this.tensor(source));
  }

  /** A Const node for a tensor, optionally with its values transformed (e.g. a filter layout). */
  constantNode(index: number, values: ConstantValues, layout = ''): string {
    const key = `${index}/${layout}`;
    let node = this.constantNodes.get(key);
    if (!node) {
      node = this.graph.constant(this.tensor(index).name, values.values, values.shape);
      this.constantNodes.set(key, node);
    }
    return node;
  }

  define(index: number, node: string): void {
    this.produced.set(index, node);
  }

  /** Defines tensor `index` as `node` × `scale`; the product, where a consumer needs it, is named `name`. */
  defineScaled(index: number, node: string, scale: number, name: string): void {
    this.produced.delete(index);
    this.scaled.set(index, { node, scale, name });
  }

  /** A tensor as a node and the scale it still needs, for a consumer that takes the scale in (a convolution's filter). */
  scaledValue(index: number): { node: string; scale: number } {
    const scaled = this.scaled.get(index);
    return scaled ? { node: scaled.node, scale: scaled.scale } : { node: this.value(index), scale: 1 };
  }

  /** Marks tensor `index` as divided by its fake-quantisation scale already (by its producer). */
  markPrescaled(index: number): void {
    this.prescaled.add(index);
  }

  isPrescaled(index: number): boolean {
    return this.prescaled.has(index);
  }

  /** Marks `index` as the same constant as `source` (DEQUANTIZE of a constant folds away). */
  aliasConstant(index: number, source: number): void {
    this.constantAliases.set(index, this.constantAliases.get(source) ?? source);
  }

  isConstant(index: number): boolean {
    return this.constant(index) !== null;
  }

  /** Whether a tensor's height and width are even at every input size (see even-sizes.ts). */
  hasEvenSize(index: number): boolean {
    return this.evenSized.has(index);
  }

  markEvenSize(index: number): void {
    this.evenSized.add(index);
  }
}
