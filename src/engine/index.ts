/** The engine's public face: framework-free style transfer. */
export { Stylizer, MAX_OUTPUT_SIDE, MAX_PIXELS, STYLE_SIZE_RANGE, TILE_SIZE_RANGE, isTileSize } from './stylizer.js';
export { isLiveSource, isMediaStream, stylizeLive, type LiveFrame, type LiveLane, type LiveOptions, type LiveSource } from './live.js';
export { releaseModels, WorkerStylizer, workerSupported } from './worker-stylizer.js';
export { AdaptiveStylizer, BACKEND_CHOICES, type AdaptiveOptions, type BackendChoice } from './adaptive-stylizer.js';
export type { StyleSource, StylizeRequest, StylizeResult, StylizeTimings, StylizeProgress, StylizePhase, StylizeOptions } from './stylize-request.js';
export { StyleTransferEngine, type EngineOptions } from './style-transfer-engine.js';
export type { TileHelper, TileJob } from './tile-helper.js';
export { StyleTransferError, type EngineErrorType } from '../internal/errors.js';
export { loadImage, MIN_IMAGE_SIDE, type ImageInput, type StyleFit } from './image-source.js';
export { STYLE_VECTOR_CACHE } from './stored-style-vectors.js';
export { blendStyleVectors, styleVectorFromText, styleVectorToText, withStrength, type StyleVector, type WeightedStyle } from './style-vector.js';
export { BACKENDS, type BackendName } from '../internal/tf-runtime.js';
