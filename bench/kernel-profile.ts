/** Where the time goes: TF.js's per-kernel timings (tf.profile) for one run of each network. */
import type { Networks } from '../src/engine/networks.js';

export interface KernelProfile {
  /** Sum of the kernels' own times, ms. */
  totalMs: number;
  /** The kernels by name, slowest first: total ms and how many ran. */
  top: { name: string; ms: number; count: number }[];
}

/** Profiles one run of `work` (run once before, so that one-time set-up is not counted). */
export async function profileKernels(engine: Networks, work: () => Promise<unknown>, topN = 8): Promise<KernelProfile> {
  const { tf } = engine.runtime;
  await work();
  const info = await tf.profile(async () => void (await work()));
  const byName = new Map<string, { ms: number; count: number }>();
  // tf.profile lists a fused op's wrapper (`fusedConv2d__op`) and its kernel (`FusedConv2D`): keep kernels only.
  for (const kernel of info.kernels.filter((k) => !k.name.endsWith('__op'))) {
    const entry = byName.get(kernel.name) ?? { ms: 0, count: 0 };
    entry.ms += Number(kernel.kernelTimeMs) || 0;
    entry.count++;
    byName.set(kernel.name, entry);
  }
  const top = [...byName].map(([name, e]) => ({ name, ...e })).sort((a, b) => b.ms - a.ms);
  return { totalMs: top.reduce((sum, k) => sum + k.ms, 0), top: top.slice(0, topN) };
}
