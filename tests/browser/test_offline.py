"""Offline use and upgrades through the service worker, on a real served folder.

Each test runs its own server on a folder it controls, so it can stop the server (Playwright's
`set_offline` does not stop every request a service worker makes) and start it again on the
same port: the same origin, hence the same service worker and caches.
"""
from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest
from helpers import SLUG, QuietServer, open_problem, source, wait_ready
from projects import copy_problem, link_build_inputs

# Every test here proves something of the site's service worker (tests/browser/conftest.py).
pytestmark = pytest.mark.service_worker

OTHER = "kl_diag_gaussian"          # never visited before going offline
OFFLINE_READY = "[data-testid=offline-status][data-state=ready]"
# Every state the offline status line takes, recorded from the first paint on.
RECORD_OFFLINE_STATES = """
window.__offlineStates = [];
document.addEventListener("DOMContentLoaded", () => {
  const element = document.querySelector('[data-testid="offline-status"]');
  if (!element) return;
  new MutationObserver(() => window.__offlineStates.push(element.dataset.state))
    .observe(element, {attributes: true, attributeFilter: ["data-state"]});
});
"""
CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    urls.push(...(await cache.keys()).map((request) => request.url));
  }
  return urls;
}"""


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class SiteServer:
    """Serves `folder` on 127.0.0.1; `stop()` closes the socket, `start()` reopens the same port."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = 0
        self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> SiteServer:
        handler = functools.partial(Handler, directory=str(self.folder))
        self.server = QuietServer(("127.0.0.1", self.port), handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture
def serve_folder():
    servers = []

    def start(folder: Path) -> SiteServer:
        servers.append(SiteServer(folder).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def sw_context(browser):
    context = browser.new_context()
    context.add_init_script(RECORD_OFFLINE_STATES)
    yield context
    context.close()


def go_offline(context, server: SiteServer) -> None:
    server.stop()
    context.set_offline(True)


def run(page, code: str) -> dict:
    return page.evaluate("(code) => { window.exercise.setCode(code); return window.exercise.runTests(); }", code)


@pytest.mark.both_engines
def test_site_works_offline_after_one_visit_and_next_swaps_in_offline(sw_context, serve_folder, site_dir):
    """Steps: one visit online (the offline status goes saving -> ready) -> the server stops
    and the browser is offline -> the index lists every problem -> a problem never visited
    opens, its hints show, a known-wrong solution gets its diagnosis, the reference passes
    -> Next swaps the following problem in (page_swap.mjs fetches it through the service
    worker) and its reference passes there."""
    server = serve_folder(site_dir)
    page = sw_context.new_page()
    page.set_default_timeout(90_000)
    page.goto(server.url)
    open_problem(page, server.url)
    page.wait_for_selector(OFFLINE_READY)
    assert page.evaluate("window.__offlineStates") == ["saving", "ready"]
    assert page.text_content("[data-testid=offline-status]") == "Available offline"
    assert page.get_attribute("[data-testid=status]", "data-state") == "ready"

    go_offline(sw_context, server)
    page.goto(server.url)
    assert page.locator("[data-testid=problem]").count() == len(list(site_dir.glob("data/*.json"))), "offline index"
    open_problem(page, server.url, OTHER)
    wait_ready(page)
    page.click("[data-testid=hint]")
    assert page.locator("[data-hint]").first.is_visible(), "offline: no hint"

    wrong = run(page, source(f"solutions/{OTHER}/wrong/sign_flipped.py"))
    assert wrong["passed"] < wrong["total"], "offline: the wrong solution passes"
    assert page.get_attribute("[data-testid=diagnosis]", "data-misconception") == "sign_flipped"

    solved = run(page, source(f"solutions/{OTHER}/reference.py"))
    assert solved["passed"] == solved["total"] > 0, "offline: the reference fails"
    assert page.is_visible("[data-testid=solved]")
    assert page.get_attribute("[data-testid=result]", "data-outcome") == "passed"
    page.wait_for_selector(OFFLINE_READY)
    assert page.evaluate("navigator.serviceWorker.controller !== null")

    # In-place navigation, offline: the next page comes through the service worker.
    page.evaluate("() => { window.__sameDocument = true; }")
    following = page.get_attribute("nav.pager a[rel=next]", "href").removesuffix(".html")
    page.click("nav.pager a[rel=next]")
    page.wait_for_function("(slug) => window.exercise.slug === slug", arg=following)
    wait_ready(page)
    assert page.evaluate("() => window.__sameDocument") is True, "offline Next: the page was reloaded"
    solved = run(page, source(f"solutions/{following}/reference.py"))
    assert solved["passed"] == solved["total"] > 0, "offline Next: the next problem's reference fails"


def add_build_b_changes(project: Path) -> None:
    """Build B: a new sentence in the statement and a new hidden test with its display name."""
    statement = project / "exercise" / SLUG / "statement.md"
    statement.write_text(statement.read_text().replace("## Background", "## Background\n\nThis is build B.", 1))
    tests = project / "hidden_tests" / SLUG / f"test_{SLUG}.py"
    tests.write_text(tests.read_text() + "\n\ndef test_added_in_build_b():\n"
                     "    x = np.array([[2.0, 0.0]])\n"
                     "    assert_close(vae_elbo_loss(x, x.copy(), np.zeros((1, 1)), np.zeros((1, 1))), 0.0, 'B')\n")
    meta = project / "exercise" / SLUG / "problem.toml"
    meta.write_text(meta.read_text() + 'test_added_in_build_b = "Added in build B"\n')


def expected_cache_keys(site: Path, base: str) -> set[str]:
    """The cache keys Workbox stores for a build's manifest: revisioned URLs carry their revision."""
    manifest = json.loads((site / "precache-manifest.json").read_text())
    return {base + e["url"] + (f"?__WB_REVISION__={e['revision']}" if e["revision"] else "") for e in manifest}


@pytest.mark.both_engines
def test_new_build_replaces_the_old_one_offline_and_opting_out_removes_the_service_worker(
        browser, sw_context, serve_folder, tmp_path):
    """Steps: build A visited (its files all cached) -> build B deployed, the page reloaded:
    B's statement, tests and cache (nothing of A's left) -> offline, reloaded: still B ->
    online again, a build without the service worker deployed, reloaded: the service worker
    and its caches are gone and the offline status is hidden."""
    from exercisekit.site.build import build_site

    project = link_build_inputs(copy_problem(tmp_path, SLUG))
    site = build_site(project, tmp_path / "site").out
    keys_a = expected_cache_keys(site, "")
    server = serve_folder(site)
    page = sw_context.new_page()
    page.set_default_timeout(90_000)
    open_problem(page, server.url)
    page.wait_for_selector(OFFLINE_READY)
    assert run(page, source(f"solutions/{SLUG}/reference.py"))["total"] == 10
    assert set(page.evaluate(CACHED_URLS)) == expected_cache_keys(site, server.url), "build A's cache"

    add_build_b_changes(project)
    build_site(project, site)
    assert expected_cache_keys(site, "") != keys_a
    page.reload()
    wait_ready(page)
    assert "This is build B." in page.text_content(".statement"), "build B's statement"
    assert "Added in build B" in page.text_content(".tests-list")
    result = run(page, source(f"solutions/{SLUG}/reference.py"))
    assert result["passed"] == result["total"] == 11, "build B's tests"
    assert "Added in build B" in [row["name"] for row in result["rows"]]
    page.wait_for_selector(OFFLINE_READY)
    # B's list replaced A's: every file of B is stored and nothing of A's is left.
    assert set(page.evaluate(CACHED_URLS)) == expected_cache_keys(site, server.url), "build B's cache"

    go_offline(sw_context, server)
    page.reload()
    wait_ready(page)
    assert "This is build B." in page.text_content(".statement"), "offline: not build B"
    result = run(page, source(f"solutions/{SLUG}/reference.py"))
    assert result["passed"] == result["total"] == 11, "offline: build B's tests"
    assert "Added in build B" in [row["name"] for row in result["rows"]]

    # Opting out: the next build has no service worker, and the installed one removes itself.
    server.start()
    sw_context.set_offline(False)
    build_site(project, site, service_worker=False)
    assert not (site / "sw.js").exists() and not (site / "precache-manifest.json").exists()
    page.reload()
    wait_ready(page)
    page.wait_for_function("async () => (await navigator.serviceWorker.getRegistrations()).length === 0")
    page.wait_for_function(f"async () => ({CACHED_URLS})().then((urls) => urls.length === 0)")
    assert page.locator("[data-testid=offline-status]").is_hidden(), "opted out: the offline status shows"
