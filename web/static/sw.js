// The site's service worker: the site keeps working with no network after one visit, and
// a return visit reads the runtime from disk. exercisekit/site/offline.py bundles this file with
// Workbox and puts the build's precache list in front of it as self.__PRECACHE_MANIFEST,
// so every build is a new service worker and replaces the previous build's files.
//
// Cache rules (the README, "Offline", explains why):
// - every file served from the precache is first checked against the SHA-256 the build's
//   manifest gives it (sw_verify.mjs); one that fails is deleted and fetched again.
// - assets/... have content-named URLs: served from the precache, never revalidated.
// - pages and data/*.json: network first; the precache is the fallback (no network, or a
//   network slower than NETWORK_TIMEOUT_S). Nothing fetched at run time is cached, so the
//   cache only ever holds one build's files, stored together at install.
import { cacheNames, clientsClaim } from "workbox-core";
import { addPlugins, addRoute, getCacheKeyForURL, precache } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";
import { holds, integrityByKey, verifyingPlugin } from "./sw_verify.mjs";

const NETWORK_TIMEOUT_S = 4;
/** This worker's global scope, typed: a service worker's, with the manifest the build
 *  prepends to this file (exercisekit/site/offline.py).
 *  @type {ServiceWorkerGlobalScope & {__PRECACHE_MANIFEST: {url: string, revision: string | null, integrity?: string}[]}} */
const sw = /** @type {any} */ (self);
const scope = new URL(sw.registration.scope);
const expectedFor = integrityByKey(sw.__PRECACHE_MANIFEST, scope.href, getCacheKeyForURL);
const verified = verifyingPlugin(expectedFor, (name) => caches.open(name));

function isPageOrData({ request, url }) {
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return false;
  return request.mode === "navigate" || url.pathname.endsWith(".html") || /\/data\/[^/]+\.json$/.test(url.pathname);
}

// `/` and `folder/` are served by index.html, as static hosts do.
function precacheKey(url) {
  const plain = new URL(url);
  plain.hash = "";
  if (plain.pathname.endsWith("/")) plain.pathname += "index.html";
  return getCacheKeyForURL(plain.href);
}

const readFromPrecache = {
  // Read the fallback from the precache of this build only; never write to the cache.
  cacheKeyWillBeUsed: async ({ request, mode }) => (mode === "read" && precacheKey(request.url)) || request,
  cacheWillUpdate: async () => null,
};

// Registered before the precache route, so pages and data are never served cache-first.
registerRoute(isPageOrData, new NetworkFirst({
  cacheName: cacheNames.precache,
  networkTimeoutSeconds: NETWORK_TIMEOUT_S,
  plugins: [readFromPrecache, verified],
}));

precache(sw.__PRECACHE_MANIFEST);
addPlugins([verified]);   // also checks an entry already held when a new build installs
addRoute();   // the precached assets, cache first

// A new build takes over as soon as its files are all stored: its pages and assets are
// consistent with each other, and the old build's files are then deleted (Workbox's activate).
sw.addEventListener("install", () => sw.skipWaiting());
clientsClaim();

// A page asks whether every file it needs is stored, i.e. whether it works offline now.
// Each is checked on the way: a changed one is repaired (fetched again, checked) or the
// answer is no. So a poisoned entry is found and replaced on the next visit, used or not.
async function covers(urls) {
  const cache = await caches.open(cacheNames.precache);
  for (const url of urls) {
    const key = precacheKey(url);
    if (!key || !(await storedIntact(cache, key))) return false;
  }
  return true;
}

/** Whether the cache holds this build's exact bytes for the key; a changed entry is dropped
 *  and fetched again with its integrity, so a poisoned copy is repaired, not kept. */
async function storedIntact(cache, key) {
  const expected = expectedFor(key);
  if (await holds(await cache.match(key), expected)) return true;
  await cache.delete(key);
  try {
    const fresh = await fetch(new Request(key, { integrity: expected, cache: "reload", credentials: "same-origin" }));
    if (!fresh.ok) return false;
    await cache.put(key, fresh);
    return true;
  } catch {
    return false;   // no network, or the server's copy is not this build's either
  }
}

sw.addEventListener("message", (event) => {
  const message = event.data;
  if (!message || message.type !== "covers" || !event.ports[0]) return;
  event.waitUntil(covers(message.urls).then(
    (ok) => event.ports[0].postMessage({ ok }),
    (error) => event.ports[0].postMessage({ ok: false, error: String(error) })));
});
