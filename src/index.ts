/** The package entry: registers <style-transfer> and exports its class and the engine. */
export * from './style-transfer/style-transfer.js';
export * from './engine/index.js';
export { MODEL_SETS, DEFAULT_MODEL_SET, type ModelSet, type ModelFile } from './models/model-sets.js';
export { CONVERTED_GRAPH_CACHE } from './models/stored-graphs.js';
export { tfliteHandler, tfliteArtifacts } from './models/tflite/tflite-io-handler.js';
export type { ConversionOptions } from './models/tflite/tflite-to-graph.js';
