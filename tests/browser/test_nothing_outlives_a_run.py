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
import functools
import hashlib
import json
import threading
import zlib

import pytest
import test_scorm_runtime as scorm
from conftest import QuietHandler
from helpers import SLUG, QuietServer, open_problem, record_statuses, run_code, source, wait_ready

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


# Code a run leaves running in its worker, answering the jobs that follow: a listener in
# front of the worker's own, a replaced handler, a getter on Object.prototype that sees any
# object whose missing field is read, and a spray of answers to guessed ids. In JavaScript,
# which the restore after each job (Session.settle) does not touch.
FORGER_JS = """(() => {
  const forged = (id) => ({ type: "tried", id, result: { value: "'forged'", stdout: "", error: null,
                            traceback: [], line: null, tainted: false, duration_ms: 1 } });
  const intercept = (event) => postMessage(forged(event.data && event.data.id));
  self.addEventListener("message", intercept, true);
  self.onmessage = intercept;
  Object.defineProperty(Object.prototype, "snippet", { configurable: true,
    get() { if (typeof this.id === "number") postMessage(forged(this.id)); return undefined; } });
  setInterval(() => { for (let id = 0; id < 64; id++) postMessage(forged(id)); }, 1);
})()"""
FORGER = f"import js\njs.eval({FORGER_JS!r})\n"


# A browser whose storage takes the code but not the solved mark (full, say).
FULL_FOR_THE_MARK = """(() => {
  const real = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (String(key).endsWith(":solved")) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    return real.call(this, key, value);
  };
})();"""


def probe_storage(page) -> list[str]:
    """Every way back to the site's storage that Try it's Python finds (PROBE)."""
    answer = page.evaluate("(snippet) => window.exercise.tryIt(snippet)", PROBE)
    assert answer["error"] is None, answer
    return json.loads(ast.literal_eval(answer["value"]))


def poison_cached_worker_and_runtime(page) -> list[str]:
    """What the lockdown stops learner code doing, done by the test from the page (as any
    script of the origin could): the cached worker and runtime package replaced."""
    return page.evaluate("""async () => {
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


@pytest.mark.service_worker
def test_nothing_a_run_does_reaches_the_storage_the_cache_later_jobs_or_the_next_visit(page, base_url, site_dir):
    """One learner's visits, on one page (its statuses recorded from the first paint on):
    1. the Python that has run no learner code cannot get the site's storage back;
    2. a run that tries to poison the cache by every route is refused on every one: the cache
       is still this build, and the Python that ran it cannot get the storage back either;
    3. a browser that keeps the code but not the solved mark says so, and the code still saves;
    4. Ctrl+Enter pressed three times during a run asks for one run, as the button does;
    5. code a run leaves running cannot answer the Try it and plot jobs that follow;
    6. the next visit, from the cache: the solved mark is lost, as the banner said; the starter
       still fails and the reference still passes;
    7. the cached worker and runtime replaced from the page: the next visit discards them, runs
       honestly, repairs the cache and serves this build's worker."""
    record_statuses(page)
    open_problem(page, base_url)
    wait_ready(page)
    assert probe_storage(page) == [], "step 1: the storage from a Python no learner code ran in"

    page.wait_for_selector(OFFLINE_READY, timeout=120_000)
    attacked = run_code(page, POISONING_RUN)
    assert attacked["passed"] == 0 and attacked["total"] == 10, ("step 2: the poisoning run", attacked)
    page.wait_for_timeout(1000)   # writes the attack started, had it any way in, are done
    assert_cache_is_this_build(page, site_dir, base_url)
    attempts = page.evaluate("(s) => window.exercise.tryIt(s)", "import js\nlist(js.self.__poisonAttempts)")
    assert attempts["value"] == str(["refused"] * 7), ("step 2: every route refused", attempts)
    assert probe_storage(page) == [], "step 2: the storage from the Python a run used"

    # Step 3, before any run passes: the solved mark is refused from here until the reload.
    banner = page.locator("[data-testid=save-error]")
    page.evaluate(FULL_FOR_THE_MARK.strip().rstrip(";"))
    assert banner.is_hidden(), "step 3: a banner before any mark was refused"
    assert run_code(page, REFERENCE)["passed"] == 10, "step 3: the reference"
    assert page.is_visible("[data-testid=solved]"), "step 3: solved shown"
    assert banner.is_visible() and "could not keep the mark" in banner.text_content(), "step 3: the banner"
    page.evaluate("(code) => window.exercise.setCode(code)", REFERENCE + "\n")   # the code itself still saves
    assert banner.is_visible(), "step 3: the banner after the code saved"

    page.wait_for_selector("[data-testid=status][data-spare=ready]", timeout=90_000)
    page.evaluate("() => { window.__statuses = [window.__statuses.at(-1)]; }")   # this run's statuses
    # A run that takes 4 s, so every press comes while it is asked and not answered.
    page.evaluate("(code) => window.exercise.setCode(code)", REFERENCE + "\nimport time\ntime.sleep(4)\n")
    page.click("[data-testid=editor] .cm-content")
    for _ in range(3):
        page.keyboard.press("Control+Enter")
    assert page.evaluate("() => window.__statuses.at(-1)") == "running: Running tests…", "step 4: running"
    page.wait_for_function("""() => { const seen = window.__statuses, run = seen.indexOf("running: Running tests…");
        return run >= 0 && seen.slice(run).includes("ready: Ready"); }""", timeout=90_000)
    # A second run queued by a press would wait for the next fresh Python, and show.
    page.wait_for_selector("[data-testid=status][data-spare=ready]", timeout=90_000)
    page.wait_for_timeout(1500)
    statuses = page.evaluate("() => window.__statuses")
    assert statuses.count("running: Running tests…") == 1, "step 4: one run\n" + "\n".join(statuses)
    assert not any("Preparing a fresh Python for your run" in s for s in statuses), ("step 4", statuses)

    assert run_code(page, FORGER + REFERENCE)["passed"] == 10, "step 5: the run that leaves code running"
    for snippet, value in [("1 + 1", "2"), ("'honest'", "'honest'")]:
        tried = page.evaluate("(s) => window.exercise.tryIt(s)", snippet)
        assert tried["value"] == value, ("step 5: Try it", tried)
    curves = page.evaluate("() => window.exercise.plot()")
    assert curves is None or curves.get("error") is None, ("step 5: the plot", curves)

    page.reload()
    wait_ready(page)
    assert page.evaluate("navigator.serviceWorker.controller !== null"), "step 6: served by the service worker"
    assert page.is_hidden("[data-testid=solved]"), "step 6: the solved mark was kept after all"
    assert run_code(page, STARTER)["passed"] == 0, "step 6: the starter"
    assert run_code(page, REFERENCE)["passed"] == 10, "step 6: the reference"

    page.wait_for_selector(OFFLINE_READY, timeout=120_000)
    poisoned = poison_cached_worker_and_runtime(page)
    assert len(poisoned) == 2, ("step 7: what the test poisoned", poisoned)
    page.reload()
    wait_ready(page)
    assert page.evaluate("navigator.serviceWorker.controller !== null"), "step 7: served by the service worker"
    assert "POISONED" not in page.text_content("[data-testid=status]"), "step 7: the poisoned worker ran"
    assert run_code(page, STARTER)["passed"] == 0, "step 7: the starter"
    assert run_code(page, REFERENCE)["passed"] == 10, "step 7: the reference"
    page.wait_for_selector(OFFLINE_READY, timeout=120_000)
    assert_cache_is_this_build(page, site_dir, base_url)
    worker = next(url for url in poisoned if "/worker." in url)
    served = page.evaluate("(url) => fetch(url).then((r) => r.arrayBuffer()).then((b) => [...new Uint8Array(b)])", worker)
    assert sri(bytes(served)) == manifest_integrity(site_dir, base_url)[worker], "step 7: the worker served"


class NoCacheHandler(QuietHandler):
    """A host that lets the browser keep nothing without asking again (`Cache-Control: no-cache`)."""

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


class NoCacheHost:
    """Serves the site on 127.0.0.1; `stop()` takes it off the network, `start()` puts it back on the same port."""

    def __init__(self, folder):
        self.folder, self.port, self.server = folder, 0, None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self):
        self.server = QuietServer(("127.0.0.1", self.port), functools.partial(NoCacheHandler, directory=str(self.folder)))
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture
def no_cache_host(site_dir):
    host = NoCacheHost(site_dir).start()
    yield host
    host.stop()


def test_a_brief_offline_moment_on_a_no_cache_host_does_not_end_runs(browser, no_cache_host):
    """No service worker (as in an LMS package or a private window): every fresh Python
    downloads the runtime again, and the one after a run boots while the network is gone."""
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        open_problem(page, no_cache_host.url)
        wait_ready(page)
        page.wait_for_selector("[data-testid=status][data-spare=ready]", timeout=90_000)
        no_cache_host.stop()
        context.set_offline(True)
        assert run_code(page, REFERENCE)["passed"] == 10   # its Python was ready: no network needed
        page.wait_for_function("() => document.querySelector('[data-testid=status]')"
                               ".textContent.includes('Trying again when the network is back')")
        stopped = run_code(page, REFERENCE)                 # answered, not left waiting forever
        assert stopped["stop"]["kind"] == "startup_failure", stopped["stop"]
        assert "Trying again when the network is back" in stopped["stop"]["message"]
        no_cache_host.start()
        context.set_offline(False)
        page.wait_for_selector("[data-testid=status][data-spare=ready]", timeout=120_000)
        assert run_code(page, REFERENCE)["passed"] == 10
        assert run_code(page, STARTER)["passed"] == 0
    finally:
        context.close()


# ---------------------------------------------------------------- the newest code wins in an LMS
# The test LMS of test_scorm_runtime.py (scorm-again, SCORM 1.2) and its fixtures.
packages = scorm.packages   # the fixtures, shared with that file
lms_url = scorm.lms_url
CMI_KEY = scorm.CMI_KEY
launch = scorm.launch


def course_copy(page, lms_url: str) -> str:
    """The code the test LMS keeps in suspend_data once the SCO is left, as the page wrote it."""
    page.goto(f"{lms_url}lms.html?launch=about:blank")
    data = json.loads(page.evaluate("(key) => localStorage.getItem(key)", CMI_KEY))["cmi"]["suspend_data"]
    kind, _stamp, body = data.split(":", 2)
    if kind == "t2":
        return body
    assert kind == "z2", data[:20]
    return zlib.decompress(base64.b64decode(body), -15).decode("utf-8")


def test_the_newest_code_stays_in_the_course_whether_too_long_or_typed_just_before_leaving(browser, page, lms_url):
    """One SCO in the test LMS, launched, left and relaunched as a learner would:
    1. code too long for the course: the page says so, and the course keeps the older copy;
    2. relaunched in the same browser, the newer (long) code is back and nobody is asked;
    3. code typed a moment before leaving (no compressed copy of it ready yet) is the course's copy;
    4. on another computer (nothing saved in its browser) that course copy is the code shown."""
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    frame = launch(page, lms_url)
    frame.evaluate("(code) => window.exercise.setCode(code)", REFERENCE)
    frame.evaluate("() => window.exercise.runTests()")          # the course keeps the reference
    noise = base64.b64encode(b"".join(hashlib.sha512(str(i).encode()).digest() for i in range(80))).decode()
    # ...which does not compress: about 6,900 characters in suspend_data
    long = REFERENCE + "\n" + "\n".join(f"# {noise[i:i + 70]}" for i in range(0, len(noise), 70)) + "\n"
    frame.evaluate("(code) => window.exercise.setCode(code)", long)
    frame.evaluate("() => window.exercise.runTests()")
    assert "too long to keep in the course" in frame.text_content("[data-testid=lms-status]"), "step 1: said"
    assert course_copy(page, lms_url) == REFERENCE, "step 1: the course's copy is not the older one"

    frame = launch(page, lms_url)                               # relaunch, same browser
    page.wait_for_timeout(1000)                                 # the restore has run
    assert frame.evaluate("() => window.exercise.getCode()") == long, "step 2: the long code is not back"
    assert asked == [], ("step 2: the learner was asked", asked)

    typed = STARTER + "\n# typed a moment before leaving\n"
    frame.evaluate("(code) => window.exercise.setCode(code)", typed)
    page.goto("about:blank")   # at once: no compressed copy of it is ready yet
    assert course_copy(page, lms_url) == typed, "step 3: the course's copy is not the typed code"

    stored = page.evaluate("(key) => localStorage.getItem(key)", CMI_KEY)
    with scorm.on_another_computer(browser, lms_url, stored, typed, timeout=90_000):
        pass   # step 4: the typed code came back there


def test_a_relaunch_that_cannot_tell_which_copy_is_newer_asks(browser, lms_url):
    """A browser copy and a course copy from before stamps, both different: the learner chooses."""
    slug_key = f"exercise:{SLUG}:code"
    for accept, kept in [(True, "course = 1\n"), (False, "browser = 2\n")]:
        context = browser.new_context()
        try:
            context.add_init_script(f"""if (!sessionStorage.getItem("seeded")) {{
              sessionStorage.setItem("seeded", "1");
              localStorage.setItem({json.dumps(slug_key)}, "browser = 2\\n");
              localStorage.setItem({json.dumps(CMI_KEY)}, JSON.stringify({{cmi: {{suspend_data: "t1:course = 1\\n",
                core: {{lesson_status: "incomplete"}}}}}}));
            }}""")
            page = context.new_page()
            page.set_default_timeout(90_000)
            asked = []
            page.on("dialog", lambda dialog, accept=accept, asked=asked: (
                asked.append(dialog.message), dialog.accept() if accept else dialog.dismiss()))
            frame = launch(page, lms_url)
            frame.wait_for_function("(code) => window.exercise.getCode() === code", arg=kept)
            assert len(asked) == 1 and "cannot tell which is newer" in asked[0], asked
        finally:
            context.close()
