/**
 * direct-conv.ts on a cross-origin isolated page, where the kernel shares each convolution with a helper
 * thread (convolution-thread.ts). This page is not isolated, so the checks run in a popup that is
 * (test/isolated/direct-conv.html) and report back on a BroadcastChannel.
 */
import { expect } from '@open-wc/testing';
import { DIRECT_CONV_KERNEL } from '../src/models/tflite/direct-conv.js';

interface Report {
  error?: string;
  isolated: boolean;
  threads: number;
  worst: number;
  kernelsRun: string[];
  transformer: { direct: number; xnnpack: number };
}

describe('convolutions on two threads (a cross-origin isolated page)', () => {
  it("computes every row once, to TF.js's values, and runs the transformer's convolutions", async () => {
    const channel = new BroadcastChannel('isolated-direct-conv');
    const report = new Promise<Report>((resolve) => (channel.onmessage = ({ data }) => resolve(data)));
    window.open('/test/isolated/direct-conv.html');
    const { error, isolated, threads, worst, kernelsRun, transformer } = await report;
    channel.close();
    expect(error).to.equal(undefined);
    expect(isolated).to.equal(true);
    expect(threads).to.equal(2);
    expect(kernelsRun).to.include(DIRECT_CONV_KERNEL).and.not.include('FusedConv2D');
    expect(worst).to.be.lessThan(1e-5);
    expect(transformer.direct).to.be.greaterThan(40);
    expect(transformer.xnnpack).to.equal(0);
  });
});
