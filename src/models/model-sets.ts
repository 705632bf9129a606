/**
 * The model sets the element can run: a style network (painting → 100-number
 * style vector) paired with a transformer (photo + style vector → painting).
 * File paths are relative to the models folder (see models/manifest.json).
 */
/**
 * A network's file: `path` within the models folder (models/manifest.json), or, for a set described
 * at a URL, the URL as written, with `url` resolved. A `.tflite` file's hex SHA-256 is checked before use
 * (every built-in file has one).
 */
export type ModelFile = { path: string; url?: string } & ({ format: 'tflite'; sha256?: string } | { format: 'tfjs' });

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

const styleNetwork: ModelSet['styleNetwork'] & { format: 'tflite' } = {
  path: 'magenta-tflite/style_predict_quantized_256.tflite',
  format: 'tflite',
  sha256: 'af6ad4b2e7aeba0675f32636082ab915ced5375229a3f8aff7e714c6213f5ed2',
  input: 'style_image',
};

const magenta = (id: string, description: string, transformerFile: string, sha256: string): ModelSet => ({
  id,
  description,
  styleNetwork,
  transformer: {
    path: `magenta-tflite/${transformerFile}`,
    format: 'tflite',
    sha256,
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
    magenta(
      'magenta',
      'Magenta arbitrary stylization, fp16 transformer (most faithful)',
      'style_transfer_f16_384.tflite',
      '53b5243ed5aa33e408db7976c8a8e51a90a0f7708fd122a31428cd00fbdf6aa6',
    ),
    magenta(
      'magenta-int8',
      'Magenta arbitrary stylization, int8 transformer (smallest)',
      'style_transfer_quantized_384.tflite',
      '7a1550643cf034a4d813c0aa276976cd15da4141b4f1ec3631db1d0d9c8e2cd1',
    ),
    magenta(
      'magenta-dynamic',
      'Magenta arbitrary stylization, dynamic-size int8 transformer',
      'style_transfer_quantized_dynamic.tflite',
      '69b191c1f1f3f6520634293803a528469015a00269f982ebd38b7850f68d9341',
    ),
  ].map((set) => [set.id, set]),
);

export const DEFAULT_MODEL_SET = 'magenta';
