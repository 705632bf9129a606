/** Attributes → request: the element's inputs checked and turned into the engine's plain request. */
import { BACKEND_CHOICES, type BackendChoice, MAX_OUTPUT_SIDE, MIN_IMAGE_SIDE, STYLE_SIZE_RANGE, StyleTransferError, TILE_SIZE_RANGE, isTileSize } from '../engine/index.js';
import type { ImageInput, LiveSource, StyleFit, StyleSource, StylizeRequest } from '../engine/index.js';
import { parseStyleList } from './attribute-values.js';

/** What the request is made of: the element's input properties (and its attribute text, for messages). */
export interface RequestInputs {
  contentSrc: string;
  content?: ImageInput | LiveSource;
  styleSrc: string;
  styles?: StyleSource[];
  strength: number;
  maxSize: number;
  model: string;
  preserveColors: boolean;
  styleSize?: number;
  styleFit: StyleFit;
  tileSize?: number;
  backend?: BackendChoice;
  getAttribute(name: string): string | null;
  getAttributeNames(): string[];
}

/** The engine's request, whose content may also be a moving picture (for `live`). */
export type ElementRequest = Omit<StylizeRequest, 'content'> & { content: ImageInput | LiveSource };

/** The request for these inputs; undefined while a source is missing. Throws `invalid-attribute` naming a bad one. */
export function requestFor(inputs: RequestInputs): ElementRequest | undefined {
  const { strength, maxSize, model, preserveColors, styleSize, styleFit, tileSize, backend } = inputs;
  const invalid = (name: string, range: string, value: number) =>
    new StyleTransferError('invalid-attribute', `${name} must be a number ${range}, not "${inputs.getAttribute(name) ?? value}"`);
  if (!(strength >= 0 && strength <= 1)) throw invalid('strength', 'from 0 to 1', strength);
  if (!(maxSize >= MIN_IMAGE_SIDE && maxSize <= MAX_OUTPUT_SIDE)) throw invalid('max-size', `of pixels from ${MIN_IMAGE_SIDE} to ${MAX_OUTPUT_SIDE}`, maxSize);
  const [minStyle, maxStyle] = STYLE_SIZE_RANGE;
  if (styleSize !== undefined && !(styleSize >= minStyle && styleSize <= maxStyle)) throw invalid('style-size', `of pixels from ${minStyle} to ${maxStyle}`, styleSize);
  if (tileSize !== undefined && !isTileSize(tileSize)) {
    const [minTile, maxTile] = TILE_SIZE_RANGE;
    throw invalid('tile-size', `0 (never tile) or a whole number of pixels from ${minTile} to ${maxTile}`, tileSize);
  }
  if (styleFit !== 'cover' && styleFit !== 'fill') throw new StyleTransferError('invalid-attribute', `style-fit must be "cover" or "fill", not "${styleFit}"`);
  if (backend !== undefined && !BACKEND_CHOICES.includes(backend)) {
    throw new StyleTransferError('invalid-attribute', `backend must be one of ${BACKEND_CHOICES.join(', ')} (or absent), not "${backend}"`);
  }
  const content = inputs.content ?? inputs.contentSrc;
  const styles = inputs.styles?.length ? inputs.styles : parseStyleList(inputs.styleSrc);
  if (!content) throwIfMisspelt(inputs, 'content-src', 'contentSrc');
  if (!styles.length) throwIfMisspelt(inputs, 'style-src', 'styleSrc');
  if (!content || !styles.length) return undefined;
  return { content, styles, strength, maxSize, model, preserveColors, styleSize, styleFit, tileSize };
}

/** Other names a page may give a source: `src` for the photo, the property's name for the attribute's. */
const SOURCE_ALIASES: Record<string, readonly string[]> = { 'content-src': ['src', 'content'], 'style-src': ['styles'] };

/**
 * A source is missing: where an attribute looks meant for it, the element would otherwise wait silently, so
 * this says which. HTML makes attribute names lowercase: `contentSrc="…"` (React 18 writes props so) arrives as
 * `contentsrc`, which no element reads.
 */
function throwIfMisspelt(inputs: RequestInputs, attribute: string, property: string): void {
  const letters = (name: string) => name.replace(/[^a-z]/g, '');
  const written = inputs.getAttributeNames().find((name) => name !== attribute && (letters(name) === letters(attribute) || SOURCE_ALIASES[attribute].includes(name)));
  if (written === undefined) return;
  throw new StyleTransferError('invalid-attribute', `${attribute} is not set, and the element does not read "${written}": did you mean ${attribute}="…" (or the ${property} property)?`);
}
