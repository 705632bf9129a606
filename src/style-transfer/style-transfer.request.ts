/** Attributes → request: the element's inputs checked (with the engine's rules, naming the attribute) and turned into the engine's plain request. */
import { brokenRule, REQUEST_FIELD_NAMES, type RequestFieldName } from '../engine/request-fields.js';
import { type ImageInput, type LiveRequest, type LiveSource, type StyleSource, StyleTransferError, type StyleVector, styleVectorFromText, type StylizeRequest } from '../engine/index.js';
import { parseStyleList } from './attribute-values.js';

/** The element's inputs besides the request's settings: the sources, and how to read them. */
export const SOURCE_INPUTS = ['contentSrc', 'content', 'live', 'styleSrc', 'styleVectorText', 'styles', 'maskSrc', 'mask'] as const;
/** The element's inputs that choose the Stylizer: its backend and where its files are. */
export const STYLIZER_INPUTS = ['backend', 'modelBaseUrl', 'wasmBaseUrl'] as const;
/** The element's properties whose change re-runs stylization. */
export const RUN_INPUTS = [...SOURCE_INPUTS, ...REQUEST_FIELD_NAMES, ...STYLIZER_INPUTS] as const;

/** What the request is made of: the element's input properties (and its attribute text, for messages). */
export type RequestInputs = { [K in RequestFieldName]?: StylizeRequest[K] } & {
  contentSrc: string;
  content?: ImageInput | LiveSource;
  styleSrc: string;
  styleVectorText: string;
  styles?: StyleSource[];
  maskSrc: string;
  mask?: ImageInput;
  getAttribute(name: string): string | null;
  getAttributeNames(): string[];
};

/** The engine's request, whose content may also be a moving picture (for `live`). */
export type ElementRequest = StylizeRequest | LiveRequest;

/** A property's attribute: `maxSize` → `max-size`. */
export const attributeName = (property: string): string => property.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** The request for these inputs; undefined while a source is missing. Throws `invalid-attribute` naming a bad one. */
export function requestFor(inputs: RequestInputs): ElementRequest | undefined {
  const settings: Partial<StylizeRequest> = {};
  for (const name of REQUEST_FIELD_NAMES) {
    const value = inputs[name];
    const expected = brokenRule(name, value);
    const attribute = attributeName(name);
    if (expected) throw new StyleTransferError('invalid-attribute', `${attribute} must be ${expected}, not "${inputs.getAttribute(attribute) ?? value}"`);
    Object.assign(settings, { [name]: value });
  }
  if (inputs.styles !== undefined && !Array.isArray(inputs.styles)) {
    throw new StyleTransferError('invalid-attribute', `styles must be an array of { src, weight } or { vector, weight }, not ${describedValue(inputs.styles)} (for URLs, set style-src)`);
  }
  const content = inputs.content ?? inputs.contentSrc;
  const styles = inputs.styles?.length ? inputs.styles : inputs.styleVectorText.trim() ? [{ vector: vectorFromAttribute(inputs.styleVectorText) }] : parseStyleList(inputs.styleSrc);
  if (!content) throwIfMisspelt(inputs, 'content-src', 'contentSrc');
  if (!styles.length) throwIfMisspelt(inputs, 'style-src', 'styleSrc');
  if (!content || !styles.length) return undefined;
  const mask = inputs.mask ?? (inputs.maskSrc || undefined);
  return { ...settings, content, styles, ...(mask ? { mask } : {}) } as ElementRequest;
}

/** The `style-vector` attribute's vector; its text is refused as `invalid-attribute`, quoted. */
function vectorFromAttribute(text: string): StyleVector {
  try {
    return styleVectorFromText(text.trim());
  } catch (error) {
    throw new StyleTransferError('invalid-attribute', `style-vector: ${(error as Error).message} (copy it whole from the demo's "Copy style", or from styleVectorToText())`);
  }
}

/** A value as a message names it: `a string ("udnie.jpg")`, `a number (3)`, `an object`. */
function describedValue(value: unknown): string {
  if (typeof value === 'string') return `a string (${JSON.stringify(value)})`;
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} (${value})`;
  return value === null ? 'null' : `a${typeof value === 'object' ? 'n' : ''} ${typeof value}`;
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
