/** The element's attributes as a page or a template writes them (for JSX and Vue template typings), derived from its properties. */
import type { RequestFieldName } from '../engine/request-fields.js';
import type { StyleTransferElement } from './style-transfer.component.js';

/** `maxSize` → `max-size`. */
type Kebab<Name extends string> = Name extends `${infer First}${infer Rest}` ? `${First extends Lowercase<First> ? First : `-${Lowercase<First>}`}${Kebab<Rest>}` : Name;

/** Attribute text: numbers may be written as strings. */
type AttributeValue<T> = T extends number ? number | string : T;

type AttributeProperty = RequestFieldName | 'contentSrc' | 'styleSrc' | 'live' | 'backend' | 'modelBaseUrl' | 'wasmBaseUrl' | 'alt';

export type StyleTransferAttributes = { [K in AttributeProperty as Kebab<K>]?: AttributeValue<NonNullable<StyleTransferElement[K]>> } & {
  /** The `styleVectorText` property's attribute. */
  'style-vector'?: string;
};
