/**
 * Starts the package's worker script as a module worker. Browsers start workers only from the page's own
 * origin, so a script on another origin (the package on a CDN) starts through a same-origin blob: module that
 * imports it; the CDN must allow CORS, as jsDelivr and unpkg do. A module worker's imports are fetched as
 * workers are: the policy's `worker-src` must allow `blob:` and the CDN's origin then (docs/csp.md).
 * Its URL goes through the `style-transfer` Trusted Types policy, for a realm that enforces them.
 */
import { isTrustedTypesError, POLICY_NAME, trustedScriptUrl } from '../internal/trusted-script-url.js';

export function startModuleWorker(script: URL): Worker {
  const sameOrigin = script.origin === globalThis.location.origin;
  const url = sameOrigin ? script.href : URL.createObjectURL(new Blob([`import ${JSON.stringify(script.href)};`], { type: 'text/javascript' }));
  let worker: Worker;
  try {
    worker = new Worker(trustedScriptUrl(url), { type: 'module' });
  } catch (error) {
    if (!sameOrigin) URL.revokeObjectURL(url);
    throw new Error(`the style-transfer worker could not start: ${error instanceof Error ? error.message : String(error)}${startHint(script, error)}`, { cause: error });
  }
  if (sameOrigin) return worker;
  // Once the worker speaks (its first message is posted when its script has run) or fails, the blob is done with.
  const revoke = () => URL.revokeObjectURL(url);
  worker.addEventListener('message', revoke, { once: true });
  worker.addEventListener('error', revoke, { once: true });
  return worker;
}

/**
 * What the page's policy must allow for the worker at `script` to start (a worker that fails to load says nothing
 * of why): `error`, where the browser refused it at once, tells Trusted Types from the rest.
 */
export function startHint(script: URL, error?: unknown): string {
  if (isTrustedTypesError(error)) {
    return ` (Trusted Types are enforced: allow the ${POLICY_NAME} policy in the Content-Security-Policy's trusted-types directive; see docs/csp.md)`;
  }
  const sources = script.origin === globalThis.location.origin ? `'self'` : `blob: and ${script.origin}`;
  return ` (does the Content-Security-Policy allow ${sources} in worker-src? see docs/csp.md)`;
}
