/**
 * Converted graphs kept across visits (Cache Storage), so that a returning visitor's models load without the
 * adapter: converting the two `.tflite` files is a sixth of a first result (about 40 ms for the transformer,
 * 45 for the style network, on the project's 2-core machine). A graph is two entries: its description (the
 * GraphDef JSON and weight specs) and its float weights, keyed by the file's SHA-256, the URL it came from and
 * the conversion options.
 */
import type { io } from '@tensorflow/tfjs-core';
import { patiently } from '../internal/patiently.js';

/** The Cache Storage cache that holds the graphs: `caches.delete(CONVERTED_GRAPH_CACHE)` forgets them all. */
export const CONVERTED_GRAPH_CACHE = 'style-transfer-converted-graphs';

/**
 * Changes whenever the adapter converts a file differently (test/stored-graphs.test.ts notices when it does),
 * so that graphs, and the style vectors computed with them, from an older package are never reused.
 */
export const GRAPH_REVISION = 1;

/** Entries are keyed as requests to a reserved origin that never resolves. */
const KEY_BASE = `https://converted-graphs.invalid/${GRAPH_REVISION}/`;

/** What a stored graph's description entry holds: the artifacts without their weights. */
type Description = Omit<io.ModelArtifacts, 'weightData'> & { weightSpecs: io.WeightsManifestEntry[] };

const keys = (identity: string) => {
  const key = `${KEY_BASE}${encodeURIComponent(identity)}`;
  return { description: `${key}/graph`, weights: `${key}/weights` };
};

/** The byte length of the float32/int32 weights that `specs` describe. */
const weightBytes = (specs: io.WeightsManifestEntry[]) => specs.reduce((sum, spec) => sum + 4 * spec.shape.reduce((n, d) => n * d, 1), 0);

/**
 * The weight bytes of the graph stored under `identity` (to report as loaded), or undefined where none is
 * stored. Reads nothing but the small description: the weights are read when the graph is loaded.
 */
export async function storedGraphSize(identity: string): Promise<number | undefined> {
  return patiently(async () => {
    const description = await (await caches.open(CONVERTED_GRAPH_CACHE)).match(keys(identity).description);
    return description ? Number(description.headers.get('x-weight-bytes')) || undefined : undefined;
  });
}

/** The graph stored under `identity`; undefined where none is stored, or where it is unreadable or incomplete. */
export async function storedGraph(identity: string): Promise<io.ModelArtifacts | undefined> {
  return patiently(async () => {
    const store = await caches.open(CONVERTED_GRAPH_CACHE);
    const entries = keys(identity);
    const [description, weights] = await Promise.all([store.match(entries.description), store.match(entries.weights)]);
    if (!description || !weights) return undefined;
    const graph = (await description.json()) as Description;
    const weightData = await weights.arrayBuffer();
    // A write cut short (the tab closed, the quota ran out) leaves one entry without the other, or a short one.
    if (graph.format !== 'graph-model' || !Array.isArray(graph.weightSpecs) || weightData.byteLength !== weightBytes(graph.weightSpecs)) return undefined;
    return { ...graph, weightData };
  });
}

/** Writes still under way: a load ends with them (see `graphsStored`). */
const writes = new Set<Promise<void>>();

/**
 * Keeps freshly converted `artifacts` under `identity` for later visits, in the background. The weights are
 * written first, so that a description is only ever found with its weights.
 */
export function storeGraph(identity: string, { weightData, ...graph }: io.ModelArtifacts): void {
  if (!(weightData instanceof ArrayBuffer)) return;
  const entries = keys(identity);
  const write = patiently(async () => {
    const store = await caches.open(CONVERTED_GRAPH_CACHE);
    await store.put(entries.weights, new Response(weightData));
    await store.put(entries.description, new Response(JSON.stringify(graph), { headers: { 'x-weight-bytes': String(weightData.byteLength) } }));
  }).then(() => {});
  writes.add(write);
  void write.finally(() => writes.delete(write));
}

/** Resolves once every graph converted so far is stored (or given up on). */
export async function graphsStored(): Promise<void> {
  await Promise.all(writes);
}
