/**
 * The `style-transfer` Trusted Types policy (src/internal/trusted-script-url.ts) and what a worker that cannot start
 * says to allow (src/engine/module-worker.ts). The policies themselves are checked in each setup by
 * examples/test-examples.mjs, under docs/csp.md's Content-Security-Policy on every response.
 */
import { expect } from '@open-wc/testing';
import { workerUrl } from '../../src/asset-urls.js';
import { startHint } from '../../src/engine/module-worker.js';
import { allowedScriptUrl, isTrustedTypesError, trustedScriptUrl } from '../../src/internal/trusted-script-url.js';

describe('the style-transfer Trusted Types policy', () => {
  it('allows the package\'s worker script and blob: URLs of the page\'s origin, nothing else', () => {
    const blob = URL.createObjectURL(new Blob(['']));
    try {
      expect(allowedScriptUrl(workerUrl().href), 'the worker script').to.equal(true);
      expect(allowedScriptUrl(blob), 'a blob: URL of this origin').to.equal(true);
      expect(allowedScriptUrl('blob:https://elsewhere.example/0b5e4a4e-0000-0000-0000-000000000000'), 'another origin\'s blob:').to.equal(false);
      expect(allowedScriptUrl(new URL('/src/index.ts', location.href).href), 'another script of the page\'s origin').to.equal(false);
      expect(allowedScriptUrl('https://cdn.example/stylizer.worker.js'), 'a script elsewhere').to.equal(false);
      expect(allowedScriptUrl('data:text/javascript,postMessage(1)'), 'a data: URL').to.equal(false);
    } finally {
      URL.revokeObjectURL(blob);
    }
  });

  it('hands back the URL it is given (as a TrustedScriptURL where the browser has Trusted Types)', () => {
    const blob = URL.createObjectURL(new Blob(['']));
    try {
      expect(String(trustedScriptUrl(blob))).to.equal(blob);
    } finally {
      URL.revokeObjectURL(blob);
    }
  });

  it('tells a Trusted Types refusal from other failures', () => {
    expect(isTrustedTypesError(new TypeError("Failed to construct 'Worker': This document requires 'TrustedScriptURL' assignment."))).to.equal(true);
    expect(isTrustedTypesError(new TypeError('This assignment requires a TrustedScriptURL'))).to.equal(true);
    expect(isTrustedTypesError(new TypeError('Worker constructor: Sink type mismatch violation blocked by CSP'))).to.equal(true);
    expect(isTrustedTypesError(new TypeError('Failed to construct \'Worker\': The URL is invalid'))).to.equal(false);
    expect(isTrustedTypesError(new Error('TrustedScriptURL'))).to.equal(false);
  });
});

describe('a worker that cannot start: what the policy must allow', () => {
  it('names worker-src \'self\' for a worker on the page\'s origin, blob: and the CDN for one elsewhere', () => {
    expect(startHint(new URL('/dist/stylizer.worker.js', location.href))).to.contain("allow 'self' in worker-src");
    expect(startHint(new URL('https://cdn.example/npm/x/dist/stylizer.worker.js'))).to.contain('allow blob: and https://cdn.example in worker-src');
  });

  it('names the style-transfer policy where Trusted Types refused the URL', () => {
    const refusal = new TypeError("Failed to construct 'Worker': This document requires 'TrustedScriptURL' assignment.");
    expect(startHint(new URL('/dist/stylizer.worker.js', location.href), refusal)).to.contain('allow the style-transfer policy');
  });
});
