/** Reading attribute text: numbers and the `style-src` list. */
import { StyleTransferError, type StyleSource } from '../engine/index.js';

/** Plain decimal notation only: `Number()` would also take hex ("0x1") and read "" as 0. */
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/** A decimal number, or NaN for anything else. */
export const decimal = (text: string): number => (DECIMAL.test(text) ? Number(text) : Number.NaN);

/**
 * A Lit converter for a number attribute that goes back to `fallback`, its default, when removed or left
 * empty (Lit would give null, `Number` 0); anything but a decimal number is NaN, reported when a run starts.
 */
export const numberOr = <T extends number | undefined>(fallback: T) => ({
  fromAttribute: (value: string | null) => (value === null || !value.trim() ? fallback : decimal(value)),
  toAttribute: (value: number) => String(value),
});

/**
 * `style-src` as srcset writes candidates: `"udnie.jpg 0.7, seaport.jpg 0.3"`. Each entry is a URL (a run
 * of non-space characters, so a `data:` URL's commas are safe; a comma or space in a path is written
 * percent-encoded) and an optional weight (default 1; weights are normalised). Throws `invalid-attribute`
 * naming a malformed entry.
 */
export function parseStyleList(text: string): StyleSource[] {
  const styles: StyleSource[] = [];
  let rest = text;
  while ((rest = rest.replace(/^[\s,]+/, ''))) {
    const url = /^\S+/.exec(rest)![0];
    // As in srcset, a URL that ends with a comma ends its entry.
    if (url.endsWith(',')) {
      styles.push({ src: url.replace(/,+$/, ''), weight: 1 });
      rest = rest.slice(url.length);
      continue;
    }
    const end = rest.indexOf(',', url.length);
    const entry = (end < 0 ? rest : rest.slice(0, end)).trim();
    const weightText = entry.slice(url.length).trim();
    const weight = weightText ? decimal(weightText) : 1;
    if (!(Number.isFinite(weight) && weight >= 0)) {
      throw new StyleTransferError(
        'invalid-attribute',
        `style-src has a malformed entry "${entry}": write a URL and an optional weight of 0 or more, e.g. "udnie.jpg 0.7, seaport.jpg 0.3"`,
      );
    }
    styles.push({ src: url, weight });
    rest = end < 0 ? '' : rest.slice(end);
  }
  return styles;
}
