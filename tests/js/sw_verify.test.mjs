// The service worker's integrity check (web/static/sw_verify.mjs) on real Responses and a
// fake cache. The browser leg, a poisoned Cache Storage entry repaired on the next visit, is
// in tests/browser/test_nothing_outlives_a_run.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { holds, integrityByKey, integrityOf, verifyingPlugin } from "../../web/static/sw_verify.mjs";

const sri = (text) => "sha256-" + createHash("sha256").update(text).digest("base64");

test("the integrity is the SRI string offline.py writes: sha256- and the base64 digest", async () => {
  assert.equal(await integrityOf(new TextEncoder().encode("print(1)\n").buffer), sri("print(1)\n"));
});

test("a response holds only its own content's integrity, and is still readable after the check", async () => {
  const response = new Response("the runtime");
  assert.equal(await holds(response, sri("the runtime")), true);
  assert.equal(await holds(response, sri("the runtime, changed")), false);
  assert.equal(await holds(response, null), false);
  assert.equal(await holds(response, "md5-abc"), false);
  assert.equal(await holds(undefined, sri("")), false);
  assert.equal(await response.text(), "the runtime");
});

test("the lookup maps Workbox's cache keys, revisioned or not, to the manifest's integrity", () => {
  const manifest = [{ url: "assets/runtime.1a.zip", revision: null, integrity: sri("zip") },
                    { url: "a.html", revision: "r1", integrity: sri("page") }];
  const keyOf = (url) => (url.endsWith(".html") ? `${url}?__WB_REVISION__=r1` : url);
  const expected = integrityByKey(manifest, "https://site.test/course/", keyOf);
  assert.equal(expected("https://site.test/course/assets/runtime.1a.zip"), sri("zip"));
  assert.equal(expected("https://site.test/course/a.html?__WB_REVISION__=r1"), sri("page"));
  assert.equal(expected("https://site.test/course/elsewhere.js"), null);
});

test("a cached response that fails the check is deleted and reported as not cached (Workbox fetches it again)", async () => {
  const deleted = [];
  const cache = { delete: async (request) => { deleted.push(request.url); return true; } };
  const plugin = verifyingPlugin(() => sri("honest worker"), async (name) => { assert.equal(name, "precache"); return cache; });
  const request = new Request("https://site.test/assets/worker.js");
  const honest = new Response("honest worker");
  assert.equal(await plugin.cachedResponseWillBeUsed({ cacheName: "precache", request, cachedResponse: honest }), honest);
  const poisoned = new Response("postMessage({type: 'result', passed: 10})");
  assert.equal(await plugin.cachedResponseWillBeUsed({ cacheName: "precache", request, cachedResponse: poisoned }), null);
  assert.deepEqual(deleted, ["https://site.test/assets/worker.js"]);
  assert.equal(await plugin.cachedResponseWillBeUsed({ cacheName: "precache", request, cachedResponse: undefined }), null);
});
