// The service worker's check of every file it would serve from its cache (web/static/sw.js):
// the file's SHA-256 must be the one the build's precache manifest carries for it (its
// `integrity`, exercisekit/site/offline.py). The cache is the origin's, and any script of
// the origin can write it; a file that fails the check is deleted, never served, and
// fetched again (the browser checks that download against the same integrity). Kept apart
// from sw.js so Node tests it on real Responses (tests/js/sw_verify.test.mjs).

/** The Subresource Integrity string (`sha256-` + base64) of `bytes` (an ArrayBuffer). */
export async function integrityOf(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return "sha256-" + btoa(String.fromCharCode(...digest));
}

/** Whether `response`'s body (read from a clone) has the integrity `expected`. */
export async function holds(response, expected) {
  if (!response || typeof expected !== "string" || !expected.startsWith("sha256-")) return false;
  return (await integrityOf(await response.clone().arrayBuffer())) === expected;
}

/**
 * A lookup from a precache key (what Workbox stores a file under) to the integrity the
 * manifest gives that file. `keyOf(url)` is Workbox's getCacheKeyForURL; built on first use,
 * after precache() has registered the manifest.
 */
export function integrityByKey(manifest, scopeUrl, keyOf) {
  let table = null;
  return (key) => {
    if (!table) {
      table = new Map();
      for (const entry of manifest) {
        const cacheKey = keyOf(new URL(entry.url, scopeUrl).href);
        if (cacheKey && entry.integrity) table.set(cacheKey, entry.integrity);
      }
    }
    return table.get(key) ?? null;
  };
}

/**
 * A Workbox plugin that lets a cached response through only if it holds its expected
 * integrity (`expectedFor(key)`); otherwise the entry is deleted from `cacheName` and the
 * lookup answers "not cached": the precache route then fetches the file again, checked, and
 * stores it (Workbox's repair of a precache entry), and a page falls back to nothing stale.
 * @param {(key: string) => string | null} expectedFor
 * @param {(name: string) => Promise<Cache>} openCache
 * @returns {import("workbox-core").WorkboxPlugin}
 */
export function verifyingPlugin(expectedFor, openCache) {
  return {
    /** @param {{cacheName: string, request: Request, cachedResponse?: Response}} param */
    cachedResponseWillBeUsed: async ({ cacheName, request, cachedResponse }) => {
      if (!cachedResponse) return null;
      if (await holds(cachedResponse, expectedFor(request.url))) return cachedResponse;
      await (await openCache(cacheName)).delete(request);
      return null;
    },
  };
}
