export { StyleTransferEngine, type EngineOptions } from './style-transfer-engine.js';
export { StyleTransferError, type StyleTransferErrorType } from './errors.js';
export { loadImage, type ImageInput } from './image-source.js';
export { blendStyleVectors, withStrength, type StyleVector, type WeightedStyle } from './style-vector.js';
export type { BackendName } from './runtime.js';
