"""Fixtures for driving the built site in Debian's Chromium and Firefox ESR through Playwright.

The site is tests/conftest.py's `site_dir`: $SITE_DIR (what `make test` builds); without
it, one build per test session. Tests use only the documented hooks: data-testid and window.exercise.

Engines: every test that drives a browser (through `browser`, `context` or `page`) runs in
Chromium; a test or module marked `both_engines` runs in Firefox too (test ids end in
[chromium] or [firefox]). Firefox doubles a test's time, so only the journeys that prove the
page's promises carry the mark. A `both_engines` test that needs something Playwright cannot
do in Firefox yet also carries `firefox_driver_limit("why")` and is skipped there with that
reason. See README.md, "Browser support".

Service workers: the site's service worker downloads and stores the whole site once a page
has loaded (about 40 MB), which costs about as much CPU as the page's own Python after it.
Only the tests that prove something of the service worker need it: a test or module marked
`service_worker` gets it, every other context is made with `service_workers="block"`, as
on a host where the page has no service worker (plain http off localhost), a state the page
supports. See README.md, "Tests, in tiers".
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path

import helpers
import pytest
from helpers import QuietServer, open_problem

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def pytest_generate_tests(metafunc):
    if "browser" not in metafunc.fixturenames:
        return
    engines = [pytest.param("chromium", id="chromium")]
    if metafunc.definition.get_closest_marker("both_engines"):
        limit = metafunc.definition.get_closest_marker("firefox_driver_limit")
        skip = [pytest.mark.skip(reason=f"Firefox driver limit: {limit.args[0]}")] if limit else []
        engines.append(pytest.param("firefox", marks=skip, id="firefox"))
    # Session scope: pytest orders a worker's tests so that each engine's run together.
    metafunc.parametrize("engine", engines, indirect=True, scope="session")


@pytest.fixture(scope="session")
def engine(request) -> str:
    """"chromium" or "firefox": the browser this test drives."""
    return getattr(request, "param", "chromium")


class Browsers:
    """The browsers of one test session, each launched the first time a test asks for it and
    kept until the end (a launch costs seconds; pytest's switching between engines must not)."""

    def __init__(self, playwright):
        self.playwright = playwright
        self.open: dict[str, object] = {}

    def get(self, name: str):
        if name not in self.open:
            self.open[name] = self.launch(name)
        return self.open[name]

    def launch(self, name: str):
        if name == "chromium":
            chromium = shutil.which("chromium")
            assert chromium, "Debian's chromium is not installed: run `make browser-deps`"
            return self.playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        firefox = shutil.which("firefox-esr")
        assert firefox, "Debian's firefox-esr is not installed: run `make browser-deps`"
        # A real Firefox preference sets the system theme the page sees: Playwright cannot yet
        # emulate prefers-color-scheme in Firefox over WebDriver BiDi (it ignores the option).
        dark = {"firefox-dark": 1}.get(name, 0)
        return self.playwright.firefox.launch(channel="moz-firefox", executable_path=firefox,
                                              firefox_user_prefs={"ui.systemUsesDarkTheme": dark})

    def close(self):
        for browser in self.open.values():
            browser.close()


class Firefox:
    """Firefox for the tests: Playwright's Browser, except for two context options its BiDi
    driver ignores in Firefox. `color_scheme="dark"` gives a context of a second Firefox whose
    system theme is dark (what a learner with a dark desktop has); touch emulation is refused
    rather than silently left out, so that a test cannot pass without what it meant to test."""

    def __init__(self, browsers: Browsers):
        self.browsers = browsers

    def new_context(self, color_scheme=None, **options):
        if options.get("has_touch") or options.get("is_mobile"):
            raise NotImplementedError("Playwright cannot emulate touch or a phone in Firefox over WebDriver BiDi: "
                                      "mark the test firefox_driver_limit(...) and prove the rest another way")
        return self.browsers.get("firefox-dark" if color_scheme == "dark" else "firefox").new_context(**options)

    def __getattr__(self, name):
        return getattr(self.browsers.get("firefox"), name)


class ServiceWorkerPolicy:
    """Blocks the service worker in every context a test makes, unless the test (or its
    module) is marked `service_worker` or asks for one itself (`service_workers=...`).
    `allowed` is set per test before its fixtures run (pytest_runtest_setup)."""

    def __init__(self):
        self.allowed = False

    def apply(self, options: dict) -> None:
        """Set the default of a new context's `options`."""
        if not self.allowed:
            options.setdefault("service_workers", "block")


class BootCounter:
    """What each browser test costs in the two things that dominate the tier's time: pages
    loaded and Python workers started (each a Pyodide boot or restore). Turned on by
    `BROWSER_BOOTS=FILE`: every test appends {"id", "loads", "workers"} to FILE as a JSON
    line; `python scripts/browser_boots.py FILE` sums them per module."""

    def __init__(self, path: str):
        self.path = path
        self.test: str | None = None
        self.counts: dict[str, int] = {"loads": 0, "workers": 0}

    def add(self, kind: str) -> None:
        self.counts[kind] += 1

    def watch(self, page) -> None:
        page.on("load", lambda *_: self.add("loads"))
        page.on("worker", lambda *_: self.add("workers"))

    def flush(self) -> None:
        if self.test is not None:
            with open(self.path, "a", encoding="utf-8") as out:
                out.write(json.dumps({"id": self.test, **self.counts}) + "\n")
        self.counts = {"loads": 0, "workers": 0}


COUNTER = pytest.StashKey[BootCounter]()
SERVICE_WORKERS = pytest.StashKey[ServiceWorkerPolicy]()


def pytest_configure(config):
    config.stash[SERVICE_WORKERS] = ServiceWorkerPolicy()
    path = os.environ.get("BROWSER_BOOTS")
    if path:
        config.stash[COUNTER] = BootCounter(path)
    watch_new_contexts(config)


def watch_new_contexts(config) -> None:
    """Every context the tests make, through a fixture or their own `browser.new_context`,
    goes through Playwright's Browser.new_context: there the service worker policy sets its
    default, and the boot counter, when on, watches the context's pages."""
    from playwright.sync_api import Browser

    make_context = Browser.new_context

    def new_context(browser, *args, **options):
        config.stash[SERVICE_WORKERS].apply(options)
        context = make_context(browser, *args, **options)
        counter = config.stash.get(COUNTER, None)
        if counter is not None:
            context.on("page", counter.watch)
        return context

    Browser.new_context = new_context


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Charges the pages and workers started from here on to this test, its fixtures'
    included (a module's shared page goes to the first test that asks for it). And whether
    this test's contexts get the service worker (ServiceWorkerPolicy)."""
    item.config.stash[SERVICE_WORKERS].allowed = item.get_closest_marker("service_worker") is not None
    counter = item.config.stash.get(COUNTER, None)
    if counter is not None:
        counter.flush()
        counter.test = item.nodeid


def pytest_sessionfinish(session):
    counter = session.config.stash.get(COUNTER, None)
    if counter is not None:
        counter.flush()


@pytest.fixture(scope="session")
def browsers():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = Browsers(p)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def browser(engine, browsers):
    return browsers.get("chromium") if engine == "chromium" else Firefox(browsers)


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


@pytest.fixture(scope="module")
def module_page(request, browser, base_url):
    """One page on the module's problem (its SLUG, else helpers.SLUG), opened once for the
    tests of a module that use `shared_page`: a page load and a Python boot cost seconds, while each run waits
    for a fresh Python anyway (no verdict sees what an earlier test's run did). Its tests
    must not depend on what a fresh page shows: set the code they run, and wait for a
    change rather than for a state an earlier test may have left."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(60_000)
    open_problem(page, base_url, getattr(request.module, "SLUG", helpers.SLUG))
    yield page
    context.close()


@pytest.fixture
def shared_page(module_page):
    """The module's page, Ready at the start of each test (a test's last run plots after its
    result; the next test starts once that is drawn)."""
    module_page.wait_for_function("() => document.querySelector('[data-testid=status]')?.dataset.state === 'ready'",
                                  timeout=90_000)
    return module_page
