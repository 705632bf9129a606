/** The element's attributes as a page or a template writes them (for JSX and Vue template typings). */
import type { BackendChoice } from '../engine/index.js';

export interface StyleTransferAttributes {
  'content-src'?: string;
  'style-src'?: string;
  strength?: number | string;
  model?: string;
  'max-size'?: number | string;
  'preserve-colors'?: boolean;
  live?: boolean;
  'style-size'?: number | string;
  'tile-size'?: number | string;
  'style-fit'?: 'cover' | 'fill';
  backend?: BackendChoice;
  'model-base-url'?: string;
  'wasm-base-url'?: string;
  alt?: string;
}
