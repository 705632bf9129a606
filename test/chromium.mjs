// The headless Chromium every harness here launches (tests, example checks, bench): Debian's (installed by
// .ci/run) unless CHROME_PATH says otherwise. As root it needs --no-sandbox; the other flags keep it from
// dialling out on a closed network.
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  // WebGPU on SwiftShader (a CPU implementation; slow, but the backend="webgpu" tests need one).
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
