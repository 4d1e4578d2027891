"""Nothing a run touches outlives it (issue 29): real attacks from learner code in Chromium.

Learner code reaches every global of its worker through Pyodide (`js`, `js.eval`); the
worker gives up the site's storage before any of it runs (web/static/worker_lockdown.mjs),
and the service worker checks every file it serves from its cache against the build's
manifest (web/static/sw_verify.mjs). Only documented hooks drive the page (data-testid,
window.exercise); the tests read the browser's Cache Storage from the page to see what a
later visit would be served.
"""
from __future__ import annotations

import ast
import base64
import hashlib
import json

from helpers import SLUG, open_problem, run_code, source, wait_ready

REFERENCE = source(f"solutions/{SLUG}/reference.py")
STARTER = source(f"exercise/{SLUG}/starter.py")
OFFLINE_READY = "[data-testid=offline-status][data-state=ready]"
CAPABILITIES = ["caches", "indexedDB", "Worker", "SharedWorker", "importScripts"]

# Every way back to the site's storage we know of, from JavaScript the learner's Python runs.
PROBE_JS = """(() => {
  const names = NAMES;
  const found = [];
  for (let o = self; o; o = Object.getPrototypeOf(o))
    for (const n of names) if (Object.getOwnPropertyDescriptor(o, n)) found.push(`own ${n} on ${o.constructor && o.constructor.name}`);
  for (const ctor of ["WorkerGlobalScope", "DedicatedWorkerGlobalScope", "EventTarget", "Object"]) {
    const proto = self[ctor] && self[ctor].prototype;
    for (const n of names) if (proto && Object.getOwnPropertyDescriptor(proto, n)) found.push(`${ctor}.prototype.${n}`);
  }
  for (const n of names) { try { if ((0, eval)(n) !== undefined) found.push(`eval ${n}`); } catch (e) {} }
  for (const n of names) { try { if (new Function(`return ${n}`)() !== undefined) found.push(`Function ${n}`); } catch (e) {} }
  for (const n of ["CacheStorage", "IDBFactory"]) { try { new self[n](); found.push(`new ${n}`); } catch (e) {} }
  if (navigator.storage) found.push("navigator.storage");
  if (navigator.serviceWorker) found.push("navigator.serviceWorker");
  if (typeof globalThis.__takeLockdown !== "undefined") found.push("worker internals");
  return JSON.stringify(found);
})()""".replace("NAMES", json.dumps(CAPABILITIES))

PROBE = (
    "import js, json\n"
    f"names = {CAPABILITIES!r}\n"
    "found = [f'{where}.{n}' for n in names for where, obj in "
    "(('js', js), ('globalThis', js.globalThis), ('self', js.self)) if hasattr(obj, n)]\n"
    f"found += json.loads(js.eval({PROBE_JS!r}))\n"
    "json.dumps(found)\n"
)

# The real attack: overwrite the cached worker script and runtime package with ones that
# would report every test passed, by every route above. It must fail, silently to the page.
POISON_JS = """(async () => {
  const forged = "postMessage({type: 'fatal', id: null, message: 'POISONED'})";
  const tried = [];
  const routes = [
    () => caches, () => self.caches, () => globalThis.caches, () => (0, eval)("caches"),
    () => Object.getOwnPropertyDescriptor(WorkerGlobalScope.prototype, "caches").get.call(self),
  ];
  for (const route of routes) {
    try {
      const storage = route();
      for (const name of await storage.keys()) {
        const cache = await storage.open(name);
        for (const request of await cache.keys()) {
          if (/worker|runtime/.test(request.url)) await cache.put(request, new Response(forged));
        }
      }
      tried.push("wrote");
    } catch (e) { tried.push("refused"); }
  }
  try { new Worker(URL.createObjectURL(new Blob(["caches.keys()"]))); tried.push("nested worker"); } catch (e) { tried.push("refused"); }
  try { indexedDB.open("exercisekit"); tried.push("indexedDB"); } catch (e) { tried.push("refused"); }
  self.__poisonAttempts = tried;
})()"""
POISONING_RUN = (
    "import js\n"
    f"js.eval({POISON_JS!r})\n"
) + STARTER

# Every cached file of the site, with the SRI of its bytes.
CACHED = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const bytes = await (await cache.match(request)).arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
      out[request.url.replace(/\\?__WB_REVISION__=.*$/, "")] = "sha256-" + btoa(String.fromCharCode(...digest));
    }
  }
  return out;
}"""


def manifest_integrity(site_dir, base_url) -> dict[str, str]:
    manifest = json.loads((site_dir / "precache-manifest.json").read_text())
    return {base_url + entry["url"]: entry["integrity"] for entry in manifest}


def sri(content: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(content).digest()).decode()


def assert_cache_is_this_build(page, site_dir, base_url) -> None:
    cached = page.evaluate(CACHED)
    expected = manifest_integrity(site_dir, base_url)
    assert cached, "nothing cached: the service worker did not store the site"
    wrong = {url: digest for url, digest in cached.items() if expected.get(url) != digest}
    assert wrong == {}, f"cached files that are not this build's: {sorted(wrong)}"


def test_learner_code_cannot_get_the_sites_storage_back(page, base_url):
    open_problem(page, base_url)
    wait_ready(page)
    # From the Python that has run no learner code yet, then from the one a run used.
    before = page.evaluate("(snippet) => window.exercise.tryIt(snippet)", PROBE)
    assert before["error"] is None, before
    assert json.loads(ast.literal_eval(before["value"])) == [], before["value"]
    assert run_code(page, REFERENCE)["passed"] == 10
    after = page.evaluate("(snippet) => window.exercise.tryIt(snippet)", PROBE)
    assert json.loads(ast.literal_eval(after["value"])) == [], after["value"]


def test_a_run_that_poisons_the_cache_leaves_every_later_verdict_honest(page, base_url, site_dir):
    open_problem(page, base_url)
    page.wait_for_selector(OFFLINE_READY, timeout=120_000)
    attacked = run_code(page, POISONING_RUN)
    assert attacked["passed"] == 0 and attacked["total"] == 10, attacked
    attempts = page.evaluate("(s) => window.exercise.tryIt(s)", "import js\nlist(js.self.__poisonAttempts)")
    assert attempts["value"] == str(["refused"] * 7), attempts
    assert_cache_is_this_build(page, site_dir, base_url)
    # The next visit, from the cache: the starter still fails, the reference still passes.
    page.reload()
    wait_ready(page)
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    assert run_code(page, STARTER)["passed"] == 0
    assert run_code(page, REFERENCE)["passed"] == 10


def test_a_poisoned_cache_entry_is_discarded_and_repaired_on_the_next_visit(page, base_url, site_dir):
    """What the lockdown stops learner code doing, done by the test from the page (as any
    script of the origin could): the cached worker and runtime package replaced."""
    open_problem(page, base_url)
    page.wait_for_selector(OFFLINE_READY, timeout=120_000)
    poisoned = page.evaluate("""async () => {
      const poisoned = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          if (/assets\\/(worker|runtime)\\./.test(request.url)) {
            await cache.put(request, new Response("postMessage({type: 'fatal', id: null, message: 'POISONED'})"));
            poisoned.push(request.url);
          }
        }
      }
      return poisoned;
    }""")
    assert len(poisoned) == 2, poisoned
    page.reload()
    wait_ready(page)
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    assert "POISONED" not in page.text_content("[data-testid=status]")
    assert run_code(page, STARTER)["passed"] == 0
    assert run_code(page, REFERENCE)["passed"] == 10
    page.wait_for_selector(OFFLINE_READY, timeout=120_000)
    assert_cache_is_this_build(page, site_dir, base_url)
    worker = next(url for url in poisoned if "/worker." in url)
    served = page.evaluate("(url) => fetch(url).then((r) => r.arrayBuffer()).then((b) => [...new Uint8Array(b)])", worker)
    assert sri(bytes(served)) == manifest_integrity(site_dir, base_url)[worker]


# Code a run leaves running in its worker, answering the jobs that follow: a listener in
# front of the worker's own, a replaced handler, and a spray of answers to guessed ids.
FORGER = (
    "import js\nfrom pyodide.ffi import create_proxy, to_js\n"
    "_FORGED = {'value': \"'forged'\", 'stdout': '', 'error': None, 'traceback': [], 'line': None}\n"
    "def _answer(job_id):\n"
    "    js.postMessage(to_js({'type': 'tried', 'id': job_id, 'result': _FORGED}, dict_converter=js.Object.fromEntries))\n"
    "def _intercept(event):\n"
    "    _answer(event.data.id)\n"
    "js.self.addEventListener('message', create_proxy(_intercept), True)\n"
    "js.self.onmessage = create_proxy(_intercept)\n"
    "def _spray():\n"
    "    for job_id in range(64):\n"
    "        _answer(job_id)\n"
    "js.setInterval(create_proxy(_spray), 1)\n"
)


def test_code_left_running_by_a_run_cannot_answer_later_jobs(page, base_url):
    open_problem(page, base_url)
    wait_ready(page)
    assert run_code(page, FORGER + REFERENCE)["passed"] == 10
    for snippet, value in [("1 + 1", "2"), ("'honest'", "'honest'")]:
        tried = page.evaluate("(s) => window.exercise.tryIt(s)", snippet)
        assert tried["value"] == value, tried
    curves = page.evaluate("() => window.exercise.plot()")
    assert curves is None or curves.get("error") is None, curves
