/**
 * Starts the package's worker script as a module worker. Browsers start workers only from the page's own
 * origin, so a script on another origin (the package on a CDN) starts through a same-origin blob: module that
 * imports it; the CDN must allow CORS, as jsDelivr and unpkg do.
 */

/** Turns the URL to start into what `new Worker` accepts (a Trusted Types policy, where the page enforces them). */
export type TrustScriptUrl = (url: string) => string;

export function startModuleWorker(script: URL, trust: TrustScriptUrl = (url) => url): Worker {
  if (script.origin === globalThis.location.origin) return new Worker(trust(script.href), { type: 'module' });
  const importer = URL.createObjectURL(new Blob([`import ${JSON.stringify(script.href)};`], { type: 'text/javascript' }));
  const worker = new Worker(trust(importer), { type: 'module' });
  // Once the worker speaks (its first message is posted when its script has run) or fails, the blob is done with.
  const revoke = () => URL.revokeObjectURL(importer);
  worker.addEventListener('message', revoke, { once: true });
  worker.addEventListener('error', revoke, { once: true });
  return worker;
}
