/**
 * A `tf.io.IOHandler` that serves a `.tflite` flatbuffer to `tf.loadGraphModel`
 * as GraphModel artifacts, so TF.js's own executor runs the official files
 * on any backend.
 */
import type { io } from '@tensorflow/tfjs-core';
import { SPATIAL_MEAN_OP, STATISTICS_METADATA } from './spatial-mean.js';
import { readTfliteModel } from './tflite-schema.js';
import { type ConversionOptions, tfliteToGraph } from './tflite-to-graph.js';

/** Builds GraphModel artifacts from the bytes of a `.tflite` file. */
export function tfliteArtifacts(bytes: Uint8Array, options?: ConversionOptions): io.ModelArtifacts {
  const graph = tfliteToGraph(readTfliteModel(bytes), options);
  const { weightSpecs, weightData } = graph.builder.weightArtifacts(graph.nodes);
  return {
    modelTopology: { node: graph.nodes, versions: { producer: 1 } },
    format: 'graph-model',
    generatedBy: 'style-transfer TF-Lite adapter',
    convertedBy: null,
    signature: graph.signature,
    userDefinedMetadata: { [STATISTICS_METADATA]: graph.nodes.filter((node) => node.op === SPATIAL_MEAN_OP).map((node) => node.name) },
    weightSpecs,
    weightData,
  };
}

/** An IOHandler whose `load()` reads the `.tflite` bytes from `source`. */
export function tfliteHandler(source: () => Promise<ArrayBuffer | Uint8Array>): io.IOHandler {
  return {
    load: async () => {
      const data = await source();
      return tfliteArtifacts(data instanceof Uint8Array ? data : new Uint8Array(data));
    },
  };
}
