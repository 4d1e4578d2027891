"""One compiled pyodide.asm.wasm for every Python worker of a page (issue 33): the page
compiles it once and posts the WebAssembly.Module to each worker it starts, spares
included; each worker instantiates it (web/static/shared_wasm.mjs). The status element's
`data-wasm` says which wasm the Python just ready runs: "shared" or "own". Where the page
cannot compile it, every worker compiles its own, as Pyodide does, and runs the same.
The test servers forbid caching, so the server sees every download of the wasm, and the
service worker is blocked (its precache of the site would download it once more)."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest
from helpers import SLUG, QuietServer, open_problem, run_code, source, wait_ready

WASM = "pyodide.asm.wasm"
# Every value the status element's data-wasm is given, in order.
RECORD_WASM = """
window.__wasm = [];
new MutationObserver((records) => {
  for (const record of records) if (record.attributeName === 'data-wasm') window.__wasm.push(record.target.dataset.wasm);
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-wasm']});
"""
# A browser that cannot compile wasm on the page (so no Module is posted): workers are unaffected.
NO_PAGE_COMPILE = "delete WebAssembly.compileStreaming;"


def serving(site_dir, wasm_type: str = "application/wasm"):
    """A server of the site that forbids caching and counts downloads of the wasm; `wasm_type`
    is the Content-Type it gives .wasm files. Returns (server, base URL, downloads)."""
    downloads: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": wasm_type}

        def do_GET(self):
            if self.path.split("?")[0].endswith(WASM):
                downloads.append(self.path)
            super().do_GET()

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_message(self, format, *args):
            pass

    server = QuietServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/", downloads


def boot_run_and_next_spare(browser, base: str, init_script: str = "") -> tuple[list[str], dict]:
    """Open the problem, run the reference once its Python is ready, wait for the next spare;
    the data-wasm values seen and the run's result."""
    context = browser.new_context(service_workers="block")
    context.add_init_script(RECORD_WASM + init_script)
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        open_problem(page, base)
        wait_ready(page)
        result = run_code(page, source(f"solutions/{SLUG}/reference.py"))
        page.wait_for_function("() => window.__wasm.length >= 2", timeout=90_000)   # the spare for the next run
        return page.evaluate("() => window.__wasm"), result
    finally:
        context.close()


@pytest.mark.both_engines
def test_every_worker_runs_the_one_module_the_page_compiled(browser, site_dir):
    server, base, downloads = serving(site_dir)
    try:
        seen, result = boot_run_and_next_spare(browser, base)
    finally:
        server.shutdown()
    assert seen[:2] == ["shared", "shared"], seen   # the first Python and the spare after the run
    assert result["passed"] == result["total"] > 0
    assert len(downloads) == 1, downloads           # the page's one download, no worker's


@pytest.mark.both_engines
def test_without_the_pages_module_each_worker_compiles_its_own_and_runs_the_same(browser, site_dir):
    server, base, downloads = serving(site_dir)
    try:
        seen, result = boot_run_and_next_spare(browser, base, NO_PAGE_COMPILE)
    finally:
        server.shutdown()
    assert seen[:2] == ["own", "own"], seen
    assert result["passed"] == result["total"] > 0
    assert len(downloads) >= 2, downloads           # each worker downloads it, as Pyodide does


def test_a_host_that_serves_wasm_with_another_type_still_gets_one_compile(browser, site_dir):
    server, base, downloads = serving(site_dir, "application/octet-stream")
    try:
        seen, result = boot_run_and_next_spare(browser, base)
    finally:
        server.shutdown()
    assert seen[:2] == ["shared", "shared"], seen
    assert result["passed"] == result["total"] > 0
    assert len(downloads) == 1, downloads
