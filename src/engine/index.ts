/** The engine's public face: framework-free style transfer, one Stylizer whatever runs underneath. */
export { createStylizer } from './stylizer.js';
export type {
  BackendChoice,
  EngineOptions,
  LiveFrame,
  LiveOptions,
  LiveRequest,
  LiveSource,
  RequestSettings,
  StyleSource,
  Stylizer,
  StylizerOptions,
  StylizeOptions,
  StylizePhase,
  StylizeProgress,
  StylizeRequest,
  StylizeResult,
  StylizeTimings,
  SwitchRule,
} from './types.js';
export { MAX_OUTPUT_SIDE, STYLE_SIZE_RANGE, TILE_SIZE_RANGE } from './request-fields.js';
export { MAX_PIXELS } from './in-thread-stylizer.js';
export { releaseModels } from './worker-stylizer.js';
export { StyleTransferError, type EngineErrorType } from '../internal/errors.js';
export type { BackendName, RuntimeOptions } from '../internal/tf-runtime.js';
export { loadImage, MIN_IMAGE_SIDE, type ImageInput, type LoadImageOptions, type StyleFit } from './image-source.js';
export { STYLE_VECTOR_CACHE } from './stored-style-vectors.js';
export { blendStyleVectors, styleVectorFromText, styleVectorToText, withStrength, type StyleVector, type WeightedStyle } from './style-vector.js';
