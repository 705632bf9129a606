/**
 * The model sets the element can run: a style network (painting → 100-number
 * style vector) paired with a transformer (photo + style vector → painting).
 * The Magenta sets' files are paths in the models folder (see models/manifest.json);
 * the seed demo's sets name public URLs.
 */
/**
 * A network's file: `path` within the models folder (models/manifest.json), or, for a file that lives
 * elsewhere (a set described at a URL, or a built-in set hosted publicly), the URL as written, with `url`
 * absolute. A file with a `url` always loads from it, never from the models folder. A `.tflite` file's hex
 * SHA-256 is checked before use (every built-in `.tflite` file has one). Its `inputSizeMultiple` promises
 * that image inputs always come padded to a multiple of it, which lets the adapter use faster forms that
 * need even sizes (the engine pads the transformer's photo to its set's `sizeMultiple`).
 */
export type ModelFile = { path: string; url?: string } & ({ format: 'tflite'; sha256?: string; inputSizeMultiple?: number } | { format: 'tfjs' });

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

/** Where the seed demo (reiinakano/arbitrary-image-stylization-tfjs) publishes its TF.js networks. */
const SEED_SITE = 'https://reiinakano.github.io/arbitrary-image-stylization-tfjs/';

/** The seed's two style networks and two transformers: its folder on SEED_SITE, and what it is. */
const SEED_STYLE_NETWORKS = {
  mobilenet: { folder: 'saved_model_style_js', name: 'MobileNet-v2' },
  inception: { folder: 'saved_model_style_inception_js', name: 'Inception-v3' },
};
const SEED_TRANSFORMERS = {
  separable: { folder: 'saved_model_transformer_separable_js', name: 'separable-convolution' },
  original: { folder: 'saved_model_transformer_js', name: 'original' },
};

/** A seed TF.js graph model (model.json beside its weight shards), loaded from its public URL. */
const seedFile = (folder: string) => {
  const url = `${SEED_SITE}${folder}/model.json`;
  return { path: url, url, format: 'tfjs' } as const;
};

/**
 * A seed demo set: one of its style networks with one of its transformers (the seed offers every pairing).
 * Both take [0, 1] pixels of any size as `Placeholder`; the transformer takes the style vector,
 * [batch, 1, 1, 100], as `Placeholder_1`; its two stride-2 convolutions and two 2× upsamplings need sides
 * that are multiples of 4. The seed analyses paintings 256 px high by default.
 */
const seed = (style: keyof typeof SEED_STYLE_NETWORKS, transformer: keyof typeof SEED_TRANSFORMERS): ModelSet => ({
  id: `seed-${style}-${transformer}`,
  description:
    `Seed demo (reiinakano/arbitrary-image-stylization-tfjs): ${SEED_STYLE_NETWORKS[style].name} style network, ` +
    `${SEED_TRANSFORMERS[transformer].name} transformer; TF.js files downloaded from ${SEED_SITE} (Apache-2.0)`,
  styleNetwork: { ...seedFile(SEED_STYLE_NETWORKS[style].folder), input: 'Placeholder' },
  transformer: { ...seedFile(SEED_TRANSFORMERS[transformer].folder), contentInput: 'Placeholder', styleInput: 'Placeholder_1' },
  styleSize: 256,
  sizeMultiple: 4,
  inputRange: [0, 1],
  vectorLength: 100,
  license: 'Apache-2.0',
});

/**
 * `magenta` (the default) pairs the int8 style network with the fp16
 * transformer: its float port matches the official runtime most closely, for
 * 138 KB more than the int8 transformer. The `seed-*` sets need the network:
 * their files are downloaded from the seed demo's site, not shipped.
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
    seed('mobilenet', 'separable'),
    seed('mobilenet', 'original'),
    seed('inception', 'separable'),
    seed('inception', 'original'),
  ].map((set) => [set.id, set]),
);

/** The sets whose files the package ships (the others download theirs from where they are published). */
export const SHIPPED_MODEL_SETS = Object.values(MODEL_SETS).filter(({ styleNetwork, transformer }) => !styleNetwork.url && !transformer.url);

export const DEFAULT_MODEL_SET = 'magenta';
