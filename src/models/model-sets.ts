/**
 * The model sets the element can run: a style network (painting → 100-number
 * style vector) paired with a transformer (photo + style vector → painting).
 * File paths are relative to the models folder (see models/manifest.json).
 */
export interface ModelFile {
  path: string;
  format: 'tflite' | 'tfjs';
}

/**
 * A model set is the single source of truth for what the engine must know
 * about its two networks: files, input names (bound by name, never by
 * position), input range, size rules and vector length.
 */
export interface ModelSet {
  id: string;
  description: string;
  styleNetwork: ModelFile & { input: string };
  transformer: ModelFile & { contentInput: string; styleInput: string };
  /** The square size the style network was trained on. */
  styleSize: number;
  /** The transformer's input sides must be multiples of this (it halves the size twice, then doubles it twice). */
  sizeMultiple: number;
  /** The pixel range both networks take: [0, 255] bytes map to [min, max]. */
  inputRange: [min: number, max: number];
  /** Length of a style vector. */
  vectorLength: number;
  license: string;
}

const styleNetwork: ModelSet['styleNetwork'] = {
  path: 'magenta-tflite/style_predict_quantized_256.tflite',
  format: 'tflite',
  input: 'style_image',
};

const magenta = (id: string, description: string, transformerFile: string): ModelSet => ({
  id,
  description,
  styleNetwork,
  transformer: {
    path: `magenta-tflite/${transformerFile}`,
    format: 'tflite',
    contentInput: 'content_image',
    styleInput: 'mobilenet_conv/Conv/BiasAdd',
  },
  styleSize: 256,
  sizeMultiple: 4,
  inputRange: [0, 1],
  vectorLength: 100,
  license: 'Apache-2.0',
});

/**
 * `magenta` (the default) pairs the int8 style network with the fp16
 * transformer: its float port matches the official runtime most closely, for
 * 138 KB more than the int8 transformer.
 */
export const MODEL_SETS: Record<string, ModelSet> = Object.fromEntries(
  [
    magenta('magenta', 'Magenta arbitrary stylization, fp16 transformer (most faithful)', 'style_transfer_f16_384.tflite'),
    magenta('magenta-int8', 'Magenta arbitrary stylization, int8 transformer (smallest)', 'style_transfer_quantized_384.tflite'),
    magenta('magenta-dynamic', 'Magenta arbitrary stylization, dynamic-size int8 transformer', 'style_transfer_quantized_dynamic.tflite'),
  ].map((set) => [set.id, set]),
);

export const DEFAULT_MODEL_SET = 'magenta';
