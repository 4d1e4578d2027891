"""Small steps shared by the browser tests, written against the documented hooks only."""
from __future__ import annotations

import http.server
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SLUG = "vae_elbo_loss"


class QuietServer(http.server.ThreadingHTTPServer):
    """A test's static server that says nothing when a browser drops a connection mid-reply (a
    page closed or left while a file was on its way, as every test's last page does); any other
    error is printed as before."""

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def source(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


def open_problem(page, base_url: str, slug: str = SLUG):
    page.goto(f"{base_url}{slug}.html")
    page.wait_for_selector("[data-testid=editor] .cm-content")
    return page


def open_on_a_phone(context, base_url: str, slug: str = SLUG):
    """A new page of `context` (a phone's: see PHONE) on `slug`, its editor attached (on a
    phone the editor's view may be hidden)."""
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{base_url}{slug}.html")
    page.wait_for_selector("[data-testid=editor] .cm-content", state="attached")
    return page


# A phone's browser context, for browser.new_context(**PHONE).
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def wait_ready(page):
    page.wait_for_selector("[data-testid=status][data-state=ready]", timeout=90_000)


def run_code(page, code: str) -> dict:
    """Put `code` in the editor and run the tests through window.exercise; the result object."""
    page.evaluate("(code) => window.exercise.setCode(code)", code)
    return page.evaluate("() => window.exercise.runTests()")


def outcomes(page) -> dict[str, str]:
    """Display name -> outcome, as the result rows show them."""
    rows = page.locator("[data-testid=result]")
    return {rows.nth(i).get_attribute("data-name"): rows.nth(i).get_attribute("data-outcome")
            for i in range(rows.count())}


def summary(page) -> tuple[int, int]:
    element = page.locator("[data-testid=summary]")
    return int(element.get_attribute("data-passed")), int(element.get_attribute("data-total"))


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page as it is now, one line per failing element."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const found = await axe.run(document, { resultTypes: ["violations"] });
        return found.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}: ${n.failureSummary}`));
    }""")


# An init script: the Python workers the page starts, in `window.__workers`: how many were
# started, how many are alive (started and not terminated) and the most alive at once.
COUNT_WORKERS = """(() => {
  window.__workers = { started: 0, live: 0, most: 0 };
  const Real = window.Worker;
  window.Worker = class extends Real {
    constructor(...args) {
      super(...args);
      const counts = window.__workers;
      counts.started += 1;
      counts.live += 1;
      counts.most = Math.max(counts.most, counts.live);
    }
    terminate() {
      if (!this.__ended) window.__workers.live -= 1;
      this.__ended = true;
      super.terminate();
    }
  };
})();"""


def pythons_for_runs(page) -> int:
    """The workers the page started for runs and spares, as COUNT_WORKERS counts them: the
    snapshot maker (which never runs a job) and a restore that fell back to a boot (that
    spare's first worker) are not counted."""
    return page.evaluate("""() => { const s = window.exercise.spareSnapshot();
        return window.__workers.started - s.makers - s.fellBack; }""")


# An init script: from the first paint on, every status the page shows, as "state: text",
# in `window.__statuses` (a state can be brief: a restored spare ends a timeout's in a second).
RECORD_STATUSES = """window.__statuses = [];
    new MutationObserver(() => {
        const s = document.querySelector('[data-testid=status]');
        const seen = s && `${s.dataset.state}: ${s.textContent}`;
        if (seen && window.__statuses.at(-1) !== seen) window.__statuses.push(seen);
    }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});"""


def record_statuses(page) -> None:
    """Record every status `page` shows in `window.__statuses` (RECORD_STATUSES)."""
    page.add_init_script(RECORD_STATUSES)


def statement_scrollers(page) -> list[dict]:
    """Each formula and example box of the statement as shown now: whether it is a formula,
    whether it scrolls sideways, carries the cue (the "scrolls" class and its shadow), and
    its tabindex."""
    return page.evaluate("""() => [...document.querySelectorAll(".statement .math-display, .statement pre")].map((box) => ({
        formula: box.classList.contains("math-display"),
        scrolls: box.scrollWidth > box.clientWidth + 1, cue: box.classList.contains("scrolls"),
        shadow: getComputedStyle(box).backgroundImage.includes("radial-gradient"), tabindex: box.getAttribute("tabindex") }))""")


def assert_a_cue_exactly_on_the_boxes_that_scroll(found: list[dict]) -> None:
    """Every box of `found` (statement_scrollers) that scrolls shows the cue and the keyboard
    reaches it; none that fits shows it."""
    scrolling = [box for box in found if box["scrolls"]]
    assert all(box["cue"] and box["shadow"] and box["tabindex"] == "0" for box in scrolling), scrolling
    assert not any(box["cue"] or box["shadow"] for box in found if not box["scrolls"]), "no cue on a box that fits"
