"""Where the learner looks (issue 21): the results of a run in view without scrolling and
the focus left alone, repeated failures shown once, a visible start while Python loads,
and a site that works when a proxy refuses every `.whl` download. Real Chromium against
the built site, measured with bounding boxes. Show solution after the last hint is a step
of kl_diag_gaussian's journey in tests/browser/test_diagnosis_and_index.py."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest
from helpers import (
    PHONE,
    SLUG,
    QuietServer,
    axe_violations,
    open_on_a_phone,
    open_problem,
    run_code,
    source,
    summary,
)

BATCH_SUM = source(f"solutions/{SLUG}/wrong/batch_sum.py")
REFERENCE = source(f"solutions/{SLUG}/reference.py")
TOTAL = 10
# Every test fails the same way: numpy used but never imported.
NO_IMPORT = "def vae_elbo_loss(x, x_recon, mu, logvar):\n    return np.mean(x)\n"
ACTIVE = "() => document.activeElement.dataset.testid || document.activeElement.className"


def wait_ready(page):
    page.wait_for_selector("[data-testid=status][data-state=ready]", state="attached", timeout=90_000)


def in_view(page, selector: str) -> dict:
    """The element's box and whether its top and its first lines (at most 160 px, what the
    page scrolls for) lie inside the window."""
    return page.evaluate("""(selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return { top: box.top, bottom: box.bottom, height: innerHeight,
                 visible: box.top >= 0 && Math.min(box.bottom, box.top + 160) <= innerHeight };
    }""", selector)


FIRST_FAILING = "[data-testid=results] > :is(.failed, .error)"


def assert_each_run_keeps_its_results_in_view_and_the_focus(page, viewport) -> None:
    """Three runs, from the top of the page each time: the Run button with a named mistake,
    Ctrl+Enter in the editor with every test failing, the Run button with the reference."""
    where = f"at {viewport[0]}x{viewport[1]}"
    page.evaluate("() => window.scrollTo(0, 0)")
    # The Run button, pressed: the summary and the diagnosis of the known mistake in view.
    page.evaluate("(code) => window.exercise.setCode(code)", BATCH_SUM)
    page.click("[data-testid=run]")
    page.wait_for_selector("[data-testid=summary][data-passed]:not([data-passed='10'])")
    assert in_view(page, "[data-testid=summary]")["visible"], where
    assert in_view(page, "[data-testid=diagnosis]")["visible"], (where, in_view(page, "[data-testid=diagnosis]"))
    assert page.evaluate(ACTIVE) == "run", where
    # Back to the top, then Ctrl+Enter in the editor: the first failing row in view, the
    # cursor still in the editor.
    page.evaluate("() => window.scrollTo(0, 0)")
    page.evaluate("(code) => window.exercise.setCode(code)", NO_IMPORT)
    page.click("[data-testid=editor] .cm-content")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("[data-testid=summary][data-passed='0']")
    assert in_view(page, "[data-testid=summary]")["visible"], where
    assert in_view(page, FIRST_FAILING)["visible"], (where, in_view(page, FIRST_FAILING))
    assert page.evaluate("() => document.activeElement.classList.contains('cm-content')"), where
    # All passing: the summary and the Next link in view.
    page.evaluate("() => window.scrollTo(0, 0)")
    page.evaluate("(code) => window.exercise.setCode(code)", REFERENCE)
    page.click("[data-testid=run]")
    page.wait_for_selector(f"[data-testid=summary][data-passed='{TOTAL}']")
    assert in_view(page, "[data-testid=summary]")["visible"] and in_view(page, "[data-testid=next]")["visible"], where
    assert page.evaluate(ACTIVE) == "run", where


def test_rows_that_fail_the_same_way_are_one_group(shared_page):
    page = shared_page
    result = run_code(page, NO_IMPORT)
    assert {row["message"] for row in result["rows"]} == {"NameError: name 'np' is not defined"}
    groups = page.locator("[data-testid=result-group]")
    assert groups.count() == 1
    group = groups.first
    assert group.get_attribute("data-kind") == "group" and group.get_attribute("data-count") == str(TOTAL)
    assert group.get_attribute("data-outcome") == "error"
    assert "10 tests: NameError: name 'np' is not defined" in group.text_content()
    # The message is said once; every row is still there, with its outcome, folded away.
    assert page.text_content("[data-testid=results]").count("is not defined") == 1
    rows = group.locator("[data-testid=result]")
    assert rows.count() == TOTAL
    assert {rows.nth(i).get_attribute("data-outcome") for i in range(TOTAL)} == {"error"}
    assert not rows.first.is_visible()
    group.locator("summary").click()
    assert rows.first.is_visible() and rows.nth(TOTAL - 1).is_visible()
    # The line of the learner's code is linked once, from the group.
    assert group.locator(".line-link").count() == 1
    assert axe_violations(page) == []


def test_the_rows_a_stopped_run_never_ran_are_one_line(shared_page):
    page = shared_page
    result = run_code(page, "import numpy as np\n\nraise RuntimeError('broken at import')\n")
    assert result["stop"]["kind"] == "load_error"
    group = page.locator("[data-testid=result-group]")
    assert group.count() == 1 and group.get_attribute("data-kind") == "not-run"
    assert group.locator("summary").text_content() == f"{TOTAL} tests not run"
    assert page.locator("[data-testid=result]").count() == TOTAL
    line = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('[data-testid=results]')).lineHeight)")
    assert group.bounding_box()["height"] < 2.5 * line
    assert in_view(page, "[data-testid=notice]")["visible"]


RECORD_PROGRESS = """
window.__progress = [];
new MutationObserver(() => {
  const bar = document.querySelector('[data-testid=load-progress]');
  const status = document.querySelector('[data-testid=status]');
  if (!bar || !status) return;
  const last = window.__progress.at(-1);
  const now = { value: bar.value, hidden: bar.hidden, visible: getComputedStyle(bar).visibility === 'visible',
                state: status.dataset.state, text: status.textContent, top: document.querySelector('[data-testid=try]').getBoundingClientRect().top,
                // what could move Try it, for the failure message: a scroll, a taller toolbar, a narrower column
                scroll: window.scrollY, toolbar: status.parentElement.getBoundingClientRect().height,
                width: document.querySelector('.workbench').getBoundingClientRect().width,
                editor: Boolean(document.querySelector('[data-testid=editor] .cm-content')) };
  if (!last || last.value !== now.value || last.hidden !== now.hidden || last.text !== now.text) window.__progress.push(now);
}).observe(document, { subtree: true, attributes: true, childList: true, characterData: true });
"""


RECORD_TRY_TOP = """
window.__tops = [];
new MutationObserver(() => {
  const box = document.querySelector('[data-testid=try]');
  if (!box || !box.offsetParent) return;   // its view is not shown yet
  const top = box.getBoundingClientRect().top + window.scrollY;
  if (window.__tops.at(-1) !== top) window.__tops.push(top);
}).observe(document, { subtree: true, attributes: true, childList: true, characterData: true });
"""


@pytest.mark.service_worker
def test_on_a_phone_try_it_stays_put_when_ready_and_the_results_open_after_a_run(browser, base_url):
    """Steps, on a phone in a new browser: the Code view shown, Python ready and the site
    saved for offline use, Try it never moved; then the Run button: the Results view opens
    with the summary and the diagnosis in view, the focus on the Results button; axe."""
    context = browser.new_context(**PHONE)
    context.add_init_script(RECORD_TRY_TOP)
    try:
        page = open_on_a_phone(context, base_url)
        page.tap(".views [data-view=code]")
        wait_ready(page)
        # The note on saving for offline use comes after ready, "Saving…" first in a new browser.
        page.wait_for_selector("[data-testid=offline-status][data-state=ready]", timeout=90_000)
        tops = page.evaluate("() => window.__tops")
        assert len(tops) == 1, ("Try it moved while Python loaded or the site was saved", tops)
        assert page.locator("[data-testid=try]").bounding_box()["y"] + page.evaluate("() => scrollY") == tops[0]
        page.evaluate("(code) => window.exercise.setCode(code)", BATCH_SUM)
        page.tap("[data-testid=run]")
        page.wait_for_selector("[data-testid=summary][data-passed]")
        assert page.get_attribute(".views [data-view=results]", "aria-current") == "true", "the Results view opens"
        assert in_view(page, "[data-testid=summary]")["visible"] and in_view(page, "[data-testid=diagnosis]")["visible"]
        # The Run button went with the Code part: the focus is on the Results button, not lost.
        assert page.evaluate("() => document.activeElement.dataset.view") == "results"
        assert axe_violations(page) == []
    finally:
        context.close()


class RefusesWheels(http.server.SimpleHTTPRequestHandler):
    """A host or proxy that refuses every path ending in `.whl`, as some schools' do."""

    refused: list[str] = []

    def do_GET(self):
        if self.path.split("?")[0].lower().endswith(".whl"):
            RefusesWheels.refused.append(self.path)
            self.send_error(403, "wheel downloads are blocked here")
            return
        super().do_GET()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def refusing_wheels(site_dir):
    """The site served by a host that refuses every `.whl` download (RefusesWheels): its URL."""
    assert not list(site_dir.rglob("*.whl")), "the site ships a .whl file, which some proxies refuse"
    RefusesWheels.refused.clear()
    server = QuietServer(("127.0.0.1", 0), functools.partial(RefusesWheels, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def assert_the_start_was_shown_and_nothing_moved(page) -> None:
    """What RECORD_PROGRESS saw from the first paint to Ready: a progress bar that filled in
    steps, each said in the polite status line, gone once ready; Try it never moved."""
    bar = page.locator("[data-testid=load-progress]")
    assert bar.evaluate("(b) => b.tagName") == "PROGRESS"
    seen = page.evaluate("() => window.__progress")
    loading = [s for s in seen if s["state"] == "loading"]
    values = [s["value"] for s in loading]
    assert values == sorted(values) and len(set(values)) >= 4 and max(values) >= 0.9, values
    assert all(s["visible"] for s in loading), "the bar is shown while Python loads"
    # Each step is said, in order, in the polite status line.
    texts = list(dict.fromkeys(s["text"] for s in loading))
    assert [t.split()[0] for t in texts] == ["Downloading", "Starting", "Loading", "Preparing"], texts
    assert page.get_attribute("[data-testid=status]", "aria-live") == "polite"
    assert bar.get_attribute("aria-label")
    # Ready: the bar is gone, and nothing under it moved at any step, the editor
    # replacing its placeholder and measuring its lines included.
    assert bar.is_hidden(), "the bar goes when ready"
    assert any(s["editor"] and s["state"] == "loading" and s["visible"] for s in seen)
    assert any(not s["editor"] for s in seen)   # the placeholder was measured too
    tops = {s["top"] for s in seen}
    assert tops == {page.locator("[data-testid=try]").bounding_box()["y"]}, ("something moved under the bar", seen)


@pytest.mark.both_engines
def test_a_first_visit_shows_its_start_then_each_run_keeps_results_in_view_where_wheels_are_refused(
        browser, refusing_wheels):
    """One new browser on a host that refuses every `.whl` download, as some schools' proxies
    do. Steps: at 1366x768 a progress bar shows the start in steps and goes when ready, nothing
    under it moving (axe at ready); three runs keep their results in view and the focus where
    it was (assert_each_run_keeps_its_results_in_view_and_the_focus), the last the reference,
    10 of 10; the same three runs at 1280x720; the site loaded numpy and no wheel was refused."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.add_init_script(RECORD_PROGRESS)
    page = context.new_page()
    page.set_default_timeout(60_000)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        open_problem(page, refusing_wheels)
        wait_ready(page)
        assert_the_start_was_shown_and_nothing_moved(page)
        assert axe_violations(page) == []
        for viewport in [(1366, 768), (1280, 720)]:
            page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
            assert_each_run_keeps_its_results_in_view_and_the_focus(page, viewport)
            assert summary(page) == (TOTAL, TOTAL), viewport
        assert any("numpy-" in url for url in requested) and RefusesWheels.refused == [], RefusesWheels.refused
    finally:
        context.close()
