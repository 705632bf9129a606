/**
 * The request, and each of its settings described once: what it means, its default, and the values it
 * accepts. The request's type is derived from this, the engine checks requests with it, the element checks its
 * attributes with it (naming the attribute), and the element's attribute typings are derived from its names.
 */
import { StyleTransferError } from '../internal/errors.js';
import { DEFAULT_MODEL_SET } from '../models/model-sets.js';
import { type ImageInput, MIN_IMAGE_SIDE, type StyleFit } from './image-source.js';
import type { StyleVector } from './style-vector.js';

/** The longest output side a request may ask for; larger photos are tiled. */
export const MAX_OUTPUT_SIDE = 8192;
/** The style network's square: from coarse to slow. */
export const STYLE_SIZE_RANGE = [32, 1024] as const;
/** Tile sides a request may ask for (besides 0, never tile): up to the largest a tile plus margins that fits one untiled run. */
export const TILE_SIZE_RANGE = [64, 1024] as const;

export interface FieldRule<T> {
  default: T;
  accepts(value: unknown): boolean;
  /** What it accepts, as a page author reads it: "must be …". */
  expected: string;
}

function number<T extends number | undefined = number>(min: number, max: number, fallback: NoInfer<T>, unit = ''): FieldRule<T> {
  return {
    default: fallback,
    accepts: (value) => typeof value === 'number' && value >= min && value <= max,
    expected: `a number${unit} from ${min} to ${max}`,
  };
}

/** A switch, off by default. */
const flag = (): FieldRule<boolean> => ({ default: false, accepts: (value) => typeof value === 'boolean', expected: 'true or false' });

const [minStyle, maxStyle] = STYLE_SIZE_RANGE;
const [minTile, maxTile] = TILE_SIZE_RANGE;

/** The request's settings (everything but the sources): the doc of each is the request field's. */
export const REQUEST_FIELDS = {
  /** 0 (the photo redrawn with its own style) … 1 (full style); default 1. */
  strength: number(0, 1, 1),
  /** The output's longest side in pixels (the photo is scaled down to it); default 1024. */
  maxSize: number(MIN_IMAGE_SIDE, MAX_OUTPUT_SIDE, 1024, ' of pixels'),
  /** Model set id (default `magenta`), or the URL of a model-set descriptor. */
  model: { default: DEFAULT_MODEL_SET, accepts: (value) => typeof value === 'string' && value !== '', expected: 'a model set id or the URL of a model-set descriptor' } as FieldRule<string>,
  /** Keep the photo's colours and take only the painting's brush work (its luminance); default false. */
  preserveColors: flag(),
  /** The side of the square a painting is analysed at (default: the model set's, 256): larger sees finer strokes. */
  styleSize: number<number | undefined>(minStyle, maxStyle, undefined, ' of pixels'),
  /** `cover` (default, as trained): the painting's central square; `fill`: all of it, squeezed to a square. */
  styleFit: { default: 'cover', accepts: (value) => value === 'cover' || value === 'fill', expected: '"cover" or "fill"' } as FieldRule<StyleFit>,
  /**
   * The transformer runs in tiles of about this side (bounded memory, any size): default automatic (tiles of
   * 512 for photos over 1024² pixels); 0: never tile (up to MAX_PIXELS).
   */
  /** With a mask: the width in output pixels of the soft band along its edges; default 4, 0 for a hard edge. */
  maskFeather: number(0, 256, 4, ' of pixels'),
  /** With a mask: stylize where it is black (or transparent) instead; default false. */
  maskInvert: flag(),
  tileSize: {
    default: undefined,
    accepts: (value) => value === 0 || (Number.isInteger(value) && (value as number) >= minTile && (value as number) <= maxTile),
    expected: `0 (never tile) or a whole number of pixels from ${minTile} to ${maxTile}`,
  } as FieldRule<number | undefined>,
};

export type RequestFieldName = keyof typeof REQUEST_FIELDS;
export const REQUEST_FIELD_NAMES = Object.keys(REQUEST_FIELDS) as RequestFieldName[];

/** The request's settings, each optional (its default applies), typed as REQUEST_FIELDS describes them. */
export type RequestSettings = { [K in RequestFieldName]?: (typeof REQUEST_FIELDS)[K] extends FieldRule<infer T> ? Exclude<T, undefined> : never };

/** One painting to take style from: an image (URL, Blob, bitmap, canvas…) or its 100-number vector. */
export interface StyleSource {
  src?: ImageInput;
  vector?: StyleVector;
  /** Relative weight when several styles are blended (default 1; weights are normalised). */
  weight?: number;
}

/** What a Stylizer repaints, with what, and how: plain data (a worker can carry it). */
export interface StylizeRequest extends RequestSettings {
  /** The photo to repaint. */
  content: ImageInput;
  /** One or more paintings, blended by weight. */
  styles: StyleSource[];
  /**
   * Where the result shows: white (or opaque) takes the stylized picture, black (or transparent) keeps the photo,
   * grey blends; scaled to the output. Changing only the mask (or its settings) composites again, without a run.
   */
  mask?: ImageInput;
}


/** A field's value that breaks its rule, or undefined where it keeps it (an absent optional field keeps it). */
export function brokenRule(name: RequestFieldName, value: unknown): string | undefined {
  const rule: FieldRule<unknown> = REQUEST_FIELDS[name];
  if (value === undefined && rule.default === undefined) return undefined;
  return rule.accepts(value) ? undefined : rule.expected;
}

/** A request's settings with each default filled in; settings that break their rule are refused with `invalid-request`. */
export type CheckedRequest = Required<Omit<StylizeRequest, 'styleSize' | 'tileSize' | 'mask'>> & Pick<StylizeRequest, 'styleSize' | 'tileSize' | 'mask'>;

export function checkedRequest(request: StylizeRequest): CheckedRequest {
  const invalid = (message: string) => new StyleTransferError('invalid-request', message);
  if (!request.content) throw invalid('the request has no content image');
  if (!Array.isArray(request.styles) || !request.styles.length) throw invalid('the request needs at least one style, as an array of { src, weight } or { vector, weight }');
  if (request.styles.some((style) => !style.src && !style.vector)) throw invalid('each style needs a src or a vector');
  const checked: Record<string, unknown> = { ...request };
  for (const name of REQUEST_FIELD_NAMES) {
    checked[name] ??= REQUEST_FIELDS[name].default;
    const expected = brokenRule(name, checked[name]);
    if (expected) throw invalid(`${name} must be ${expected}, not ${String(checked[name])}`);
  }
  return checked as CheckedRequest;
}
