/**
 * Converted graphs kept across visits (Cache Storage), so that a returning visitor's models load without the
 * adapter: converting the two `.tflite` files is a fair share of a first result. A graph is two entries: its
 * description (the GraphDef JSON and weight specs) and its float weights (see GraphName).
 */
import type { io } from '@tensorflow/tfjs-core';
import { patiently, writeInBackground } from '../internal/patiently.js';

/** The Cache Storage cache that holds the graphs: `caches.delete(CONVERTED_GRAPH_CACHE)` forgets them all. */
export const CONVERTED_GRAPH_CACHE = 'style-transfer-converted-graphs';

/**
 * Changes whenever the adapter converts a file differently (test/stored-graphs.test.ts notices when it does),
 * so that graphs, and the style vectors computed with them, from an older package are never reused.
 */
export const GRAPH_REVISION = 6;

/**
 * Where a graph is stored: `slot` names what a later version of it replaces (the file's place in the model set
 * and its conversion), `version` what it is (the file's SHA-256 and the URL it came from).
 */
export interface GraphName {
  slot: string;
  version: string;
}

/** What a stored graph's description entry holds: the artifacts without their weights. */
type Description = Omit<io.ModelArtifacts, 'weightData'> & { weightSpecs: io.WeightsManifestEntry[] };

/** Entries are keyed as requests to a reserved origin that never resolves, one folder per slot. */
const slotKey = ({ slot }: GraphName) => new URL(`https://converted-graphs.invalid/${encodeURIComponent(slot)}/`).href;

const keys = (name: GraphName) => {
  const key = `${slotKey(name)}${GRAPH_REVISION}/${encodeURIComponent(name.version)}`;
  // As the store spells them back (Request.url).
  return { description: new URL(`${key}/graph`).href, weights: new URL(`${key}/weights`).href };
};

/** The byte length of the float32/int32 weights that `specs` describe. */
const weightBytes = (specs: io.WeightsManifestEntry[]) => specs.reduce((sum, spec) => sum + 4 * spec.shape.reduce((n, d) => n * d, 1), 0);

/**
 * The weight bytes of the graph stored as `name` (to report as loaded), or undefined where none is stored.
 * Reads nothing but the small description: the weights are read when the graph is loaded.
 */
export async function storedGraphSize(name: GraphName): Promise<number | undefined> {
  return patiently(async () => {
    const description = await (await caches.open(CONVERTED_GRAPH_CACHE)).match(keys(name).description);
    return description ? Number(description.headers.get('x-weight-bytes')) || undefined : undefined;
  });
}

/** The graph stored as `name`; undefined where none is stored, or where it is unreadable or incomplete. */
export async function storedGraph(name: GraphName): Promise<io.ModelArtifacts | undefined> {
  return patiently(async () => {
    const store = await caches.open(CONVERTED_GRAPH_CACHE);
    const entries = keys(name);
    const [description, weights] = await Promise.all([store.match(entries.description), store.match(entries.weights)]);
    if (!description || !weights) return undefined;
    const graph = (await description.json()) as Description;
    const weightData = await weights.arrayBuffer();
    // A write cut short (the tab closed, the quota ran out) leaves one entry without the other, or a short one.
    if (graph.format !== 'graph-model' || !Array.isArray(graph.weightSpecs) || weightData.byteLength !== weightBytes(graph.weightSpecs)) return undefined;
    return { ...graph, weightData };
  });
}

/**
 * Keeps freshly converted `artifacts` as `name` for later visits, in the background, in place of what its slot
 * held (an older package's graph, or the file from another URL): the store keeps one graph per slot. The
 * weights are written first, so that a description is only ever found with its weights.
 */
export function storeGraph(name: GraphName, { weightData, ...graph }: io.ModelArtifacts): void {
  if (!(weightData instanceof ArrayBuffer)) return;
  writeInBackground(async () => {
    const entries = keys(name); // in here: a key the browser refuses costs only a later visit's speed
    const store = await caches.open(CONVERTED_GRAPH_CACHE);
    await store.put(entries.weights, new Response(weightData));
    await store.put(entries.description, new Response(JSON.stringify(graph), { headers: { 'x-weight-bytes': String(weightData.byteLength) } }));
    const written = [entries.description, entries.weights];
    const replaced = (await store.keys()).filter(({ url }) => url.startsWith(slotKey(name)) && !written.includes(url));
    await Promise.all(replaced.map((request) => store.delete(request)));
  });
}
