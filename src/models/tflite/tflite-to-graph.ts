/**
 * Converts a parsed TF-Lite model into a TensorFlow GraphDef (JSON) plus
 * float32/int32 weights, so that TF.js's own GraphModel executor runs it.
 *
 * Float port: quantised weights are dequantised once at load time, and int8
 * activations are rounded to their grid (fake-quant.ts).
 */
import { ConversionContext, UnsupportedModelError } from './conversion-context.js';
import { outputHasEvenSize } from './even-sizes.js';
import { fakeQuantize } from './fake-quant.js';
import { attr, type GraphBuilder, type GraphNode } from './graph-builder.js';
import { OP_CONVERTERS } from './tflite-ops.js';
import { builtinOperatorName, type TfliteModel } from './tflite-schema.js';

export { UnsupportedModelError };

export interface GraphSignatureEntry {
  name: string;
  dtype: 'DT_FLOAT';
  tensorShape: { dim: { size: number }[] };
}

export interface ConvertedGraph {
  nodes: GraphNode[];
  signature: { inputs: Record<string, GraphSignatureEntry>; outputs: Record<string, GraphSignatureEntry> };
  builder: GraphBuilder;
}

function signatureEntry(name: string, shape: number[]): GraphSignatureEntry {
  return { name: `${name}:0`, dtype: 'DT_FLOAT', tensorShape: { dim: shape.map((size) => ({ size })) } };
}

export interface ConversionOptions {
  /** Image inputs always come with sides that are a multiple of this (the caller pads them). */
  inputSizeMultiple?: number;
}

/**
 * Inputs become Placeholders whose batch, height and width are free (-1), so
 * one converted model serves every image size.
 */
export function tfliteToGraph(model: TfliteModel, { inputSizeMultiple = 1 }: ConversionOptions = {}): ConvertedGraph {
  const ctx = new ConversionContext(model);
  const signature: ConvertedGraph['signature'] = { inputs: {}, outputs: {} };

  for (const index of model.inputs) {
    const tensor = model.tensors[index];
    const image = tensor.shape.length === 4;
    const shape = tensor.shape.map((d, axis) => (axis < 3 && image ? -1 : d));
    const node = ctx.graph.add('Placeholder', tensor.name, [], { dtype: attr.float, shape: attr.shape(shape) });
    ctx.define(index, node);
    if (image && inputSizeMultiple % 2 === 0) ctx.markEvenSize(index);
    signature.inputs[tensor.name] = signatureEntry(node, shape);
  }

  for (const op of model.operators) {
    const convert = OP_CONVERTERS[op.opcode];
    if (!convert) {
      const name = op.customCode ? `custom op "${op.customCode}"` : `op ${builtinOperatorName(op.opcode)}`;
      throw new UnsupportedModelError(`the model uses ${name}, which the TF-Lite adapter does not support`);
    }
    convert(ctx, op);
    for (const output of op.outputs) fakeQuantize(ctx, output);
    if (outputHasEvenSize(ctx, op)) ctx.markEvenSize(op.outputs[0]);
  }

  for (const index of model.outputs) {
    const tensor = model.tensors[index];
    signature.outputs[tensor.name] = signatureEntry(ctx.value(index), tensor.shape.map(() => -1));
  }
  const outputs = model.outputs.map((index) => ctx.value(index));
  return { nodes: neededNodes(ctx.graph.nodes, outputs), signature, builder: ctx.graph };
}

/** The nodes the outputs depend on: the faster forms of some ops (tflite-ops.ts) leave the ops they replace unused. */
function neededNodes(nodes: GraphNode[], outputs: string[]): GraphNode[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const needed = new Set<string>();
  for (const pending = [...outputs]; pending.length; ) {
    const node = byName.get(pending.pop()!.split(':')[0]);
    if (!node || needed.has(node.name)) continue;
    needed.add(node.name);
    pending.push(...node.input);
  }
  // Placeholders stay: the signature names every input, used or not.
  return nodes.filter((node) => needed.has(node.name) || node.op === 'Placeholder');
}
