/**
 * A model set described by a JSON file at a URL (the `model` attribute may name one), so a page can
 * bring its own networks. File URLs are relative to the descriptor's:
 *
 *     {
 *       "description": "…",
 *       "styleNetwork": { "url": "style.tflite", "format": "tflite", "input": "style_image", "sha256": "…" },
 *       "transformer": { "url": "transformer/model.json", "format": "tfjs", "contentInput": "…", "styleInput": "…" },
 *       "styleSize": 256, "sizeMultiple": 4, "inputRange": [0, 1], "vectorLength": 100, "license": "…"
 *     }
 *
 * `sha256` (of a `.tflite` file) is optional; the numbers default to the Magenta sets' values.
 */
import { DownloadError, fetchBounded, shownUrl } from '../internal/bounded-fetch.js';
import { StyleTransferError } from '../internal/errors.js';
import { type ModelFile, type ModelSet, MODEL_SETS } from './model-sets.js';

/** A `model` value that names a descriptor rather than a built-in set: it has a path or a scheme. */
export const isModelSetUrl = (model: string): boolean => /[/:]|\.json$/i.test(model);

/** A built-in set by id, or the set a descriptor URL describes; anything else is an `invalid-request`. */
export async function resolveModelSet(model: string, stallTimeout?: number): Promise<ModelSet> {
  if (Object.hasOwn(MODEL_SETS, model)) return MODEL_SETS[model];
  if (isModelSetUrl(model)) return modelSetFromUrl(model, stallTimeout);
  const known = Object.keys(MODEL_SETS).join(', ');
  throw new StyleTransferError('invalid-request', `unknown model "${model}" (known models: ${known}; or the URL of a model-set descriptor)`);
}

const described = new Map<string, Promise<ModelSet>>();

/** The model set a descriptor describes; fetched once per URL. Throws `model-load` saying what is wrong. */
export function modelSetFromUrl(url: string, stallTimeout?: number): Promise<ModelSet> {
  let absolute: string;
  try {
    absolute = new URL(url, globalThis.location?.href).href;
  } catch {
    return Promise.reject(new StyleTransferError('model-load', `the model set "${shownUrl(url)}" is not a valid URL`));
  }
  let set = described.get(absolute);
  if (!set) {
    set = fetchDescriptor(url, absolute, stallTimeout);
    set.catch(() => described.delete(absolute));
    described.set(absolute, set);
  }
  return set;
}

async function fetchDescriptor(written: string, url: string, stallTimeout?: number): Promise<ModelSet> {
  const fail = (problem: string) => new StyleTransferError('model-load', `the model set "${shownUrl(written)}" ${problem}`);
  const { bytes } = await fetchBounded(url, { stallTimeout }).catch((error: unknown) => {
    throw error instanceof DownloadError ? fail(`could not be ${error.kind === 'network' ? 'fetched' : 'loaded'}: ${error.why}`) : error;
  });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw fail('is not JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw fail('is not a JSON object: write { "styleNetwork": …, "transformer": … }');
  const d = json as Record<string, unknown>;
  const text = (value: unknown, field: string) => {
    if (typeof value !== 'string' || !value) throw fail(`needs "${field}" as a string`);
    return value;
  };
  /** A whole number from 1 to `max`: a larger one is a mistake that would only fail later, inside a run. */
  const whole = (field: string, fallback: number, max: number) => {
    const value = d[field] ?? fallback;
    if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max)) throw fail(`needs "${field}" as a whole number from 1 to ${max}`);
    return value;
  };
  const file = (field: 'styleNetwork' | 'transformer', inputs: string[]) => {
    const f = d[field] as Record<string, unknown> | undefined;
    if (!f || typeof f !== 'object') throw fail(`needs "${field}": { "url", "format", ${inputs.map((i) => `"${i}"`).join(', ')} }`);
    const format = f.format;
    if (format !== 'tflite' && format !== 'tfjs') throw fail(`needs "${field}.format": "tflite" or "tfjs"`);
    const path = text(f.url, `${field}.url`);
    let fileUrl: string;
    try {
      fileUrl = new URL(path, url).href;
    } catch {
      // A relative path has nothing to resolve against in a data: or blob: descriptor; engines word the TypeError differently.
      throw fail(`has "${field}.url" "${shownUrl(path)}", which is not a URL${/^(data|blob):/i.test(url) ? ': a data: or blob: descriptor needs absolute file URLs' : ''}`);
    }
    const location: ModelFile = format === 'tflite' ? { path, url: fileUrl, format, sha256: f.sha256 as string | undefined } : { path, url: fileUrl, format };
    return Object.assign(location, Object.fromEntries(inputs.map((input) => [input, text(f[input], `${field}.${input}`)])));
  };
  const range = d.inputRange ?? [0, 1];
  if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => typeof n === 'number') || !(range[1] > range[0])) {
    throw fail('needs "inputRange" as [min, max]');
  }
  return {
    id: url,
    description: typeof d.description === 'string' ? d.description : url,
    styleNetwork: file('styleNetwork', ['input']) as ModelSet['styleNetwork'],
    transformer: file('transformer', ['contentInput', 'styleInput']) as ModelSet['transformer'],
    styleSize: whole('styleSize', 256, 1024),
    sizeMultiple: whole('sizeMultiple', 4, 64),
    inputRange: range as [number, number],
    vectorLength: whole('vectorLength', 100, 4096),
    license: typeof d.license === 'string' ? d.license : 'unknown',
  };
}
