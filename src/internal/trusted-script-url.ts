/**
 * The `style-transfer` Trusted Types policy: one per realm (the page, and each worker, whose policy is its
 * script's response's, or its creator's for a blob: worker). Where a policy says `require-trusted-types-for
 * 'script'`, `new Worker(url)` takes only a TrustedScriptURL, so every worker this package starts (the page's
 * worker, a tiled run's helper, the convolution kernel's helper thread, TF.js's WebAssembly threads) has its URL
 * made here. The policy passes the package's own worker script, the worker's own script, and `blob:` URLs of the
 * realm's origin (which only script of that origin can make: the module that imports the worker from a CDN, and
 * the helper and thread scripts); nothing else.
 */
import { workerUrl } from '../asset-urls.js';

interface TrustedTypeFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown };
}

export const POLICY_NAME = 'style-transfer';

let policy: { createScriptURL(url: string): unknown } | undefined;

/** Whether the `style-transfer` policy lets `url` through. */
export function allowedScriptUrl(url: string): boolean {
  const inWorker = 'WorkerGlobalScope' in globalThis;
  return url === workerUrl().href || (inWorker && url === location.href) || url.startsWith(`blob:${location.origin}/`);
}

/**
 * `url` as a TrustedScriptURL where the browser has Trusted Types; as it is where it has none, or where the
 * realm's `trusted-types` directive does not allow the policy (then a realm that enforces them refuses the worker:
 * the caller says so). Typed as a string, which is what `new Worker` and `importScripts` take besides.
 */
export function trustedScriptUrl(url: string): string {
  const factory = (globalThis as { trustedTypes?: TrustedTypeFactory }).trustedTypes;
  if (!factory) return url;
  try {
    // Once per realm: a second policy of the same name is refused where the directive does not allow duplicates.
    policy ??= factory.createPolicy(POLICY_NAME, {
      createScriptURL: (candidate) => {
        if (!allowedScriptUrl(candidate)) throw new TypeError(`the ${POLICY_NAME} Trusted Types policy only allows the package's worker script and blob: URLs of ${location.origin}, not ${candidate}`);
        return candidate;
      },
    });
    return policy.createScriptURL(url) as string;
  } catch {
    return url;
  }
}

/**
 * Whether `error` is a browser's refusal of a plain string where Trusted Types are enforced: Chromium's "requires
 * 'TrustedScriptURL' assignment", WebKit's "requires a TrustedScriptURL", Firefox's "Sink type mismatch".
 */
export function isTrustedTypesError(error: unknown): boolean {
  return error instanceof TypeError && /trusted ?(types|script ?url)|sink type mismatch/i.test(error.message);
}
