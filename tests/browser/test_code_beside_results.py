"""Issue 34: code and results together on a laptop, and editing that behaves. After a run
the editor stays in view beside the summary and the first failure (measured with bounding
boxes at 1366x768 and 1280x720); a "line N" link centres its line; Home and End act on the
whole line though the editor wraps; every starter line fits the editor unwrapped."""
from __future__ import annotations

import pytest
from helpers import open_problem, source, wait_ready

SLUG = "kl_diag_gaussian"
WRONG = source(f"solutions/{SLUG}/wrong/sign_flipped.py")
# Every test fails the same way at one line in the middle of a long file: 40 lines of
# comments before it and 40 after, so the editor can scroll it to its middle.
NOTES = "".join(f"# note {i}\n" for i in range(40))
FAR_ERROR = "import numpy as np\n" + NOTES + "\n\ndef kl_diag_gaussian(mu, logvar):\n    return 1 / 0\n" + NOTES

BOXES = """() => {
  const box = (selector) => { const r = document.querySelector(selector).getBoundingClientRect();
                              return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; };
  return { editor: box("[data-testid=editor]"), run: box("[data-testid=run]"), summary: box("[data-testid=summary]"),
           failing: box("[data-testid=results] > :is(.failed, .error)"), height: innerHeight, width: innerWidth };
}"""


@pytest.mark.parametrize("viewport", [(1366, 768), (1280, 720)])
def test_after_a_run_the_editor_stands_beside_the_summary_and_the_first_failure(browser, base_url, viewport):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        open_problem(page, base_url, SLUG)
        wait_ready(page)
        page.evaluate("(code) => window.exercise.setCode(code)", WRONG)
        page.click("[data-testid=run]")
        page.wait_for_selector("[data-testid=summary][data-passed]")
        page.wait_for_timeout(300)   # the page's own scroll after the result
        boxes = page.evaluate(BOXES)
        editor, summary, failing, height = boxes["editor"], boxes["summary"], boxes["failing"], boxes["height"]
        assert page.evaluate("() => scrollY") > 0, "the page scrolled to the results"
        # The whole editor and the Run button in the window...
        assert 0 <= editor["top"] and editor["bottom"] <= height, boxes
        assert 0 <= boxes["run"]["top"] and boxes["run"]["bottom"] <= height, boxes
        # ...beside the summary and the first failing row, whose first lines show too.
        assert 0 <= summary["top"] and summary["bottom"] <= height, boxes
        assert 0 <= failing["top"] and min(failing["bottom"], failing["top"] + 60) <= height, boxes
        assert summary["right"] <= editor["left"] or editor["right"] <= summary["left"], "side by side, not overlapping"
        assert failing["right"] <= editor["left"] or editor["right"] <= failing["left"]
    finally:
        context.close()


def test_a_line_link_centres_its_line_in_the_editor(page, base_url):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_problem(page, base_url, SLUG)
    wait_ready(page)
    page.evaluate("(code) => window.exercise.setCode(code)", FAR_ERROR)
    page.evaluate("() => window.exercise.runTests()")
    line = FAR_ERROR.splitlines().index("    return 1 / 0") + 1
    page.locator(f"[data-testid=results] a.line-link[href='#line-{line}']").first.click()
    where = page.evaluate("""() => {
        const scroller = document.querySelector("[data-testid=editor] .cm-scroller").getBoundingClientRect();
        const active = document.querySelector("[data-testid=editor] .cm-activeLine").getBoundingClientRect();
        return { middle: (scroller.top + scroller.bottom) / 2, line: (active.top + active.bottom) / 2,
                 height: scroller.height, text: document.querySelector(".cm-activeLine").textContent };
    }""")
    assert where["text"] == "    return 1 / 0", where
    assert abs(where["line"] - where["middle"]) < where["height"] * 0.15, where


def test_home_and_end_act_on_the_whole_line_when_it_wraps(page, base_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_problem(page, base_url, SLUG)
    long_line = "    total = " + " + ".join(f"term_{i}" for i in range(30))
    page.evaluate("(code) => window.exercise.setCode(code)", f"def f():\n{long_line}\n    return total\n")
    wrapped = page.evaluate("""() => { const line = document.querySelectorAll("[data-testid=editor] .cm-line")[1];
                                       return line.getBoundingClientRect().height > 30; }""")
    assert wrapped, "the long line wraps in the editor"
    page.locator("[data-testid=editor] .cm-line").nth(1).click(position={"x": 40, "y": 30})   # its second visual row
    page.keyboard.press("End")
    page.keyboard.type("_END")
    page.keyboard.press("Home")
    page.keyboard.type("START_")
    lines = page.evaluate("() => window.exercise.getCode()").splitlines()
    assert lines[1] == "    START_" + long_line.strip() + "_END", lines[1]
    # Home again from the indentation goes to the line's very start; Shift+End selects to its end.
    page.keyboard.press("Home")
    page.keyboard.press("Home")
    page.keyboard.press("Shift+End")
    page.keyboard.type("x = 1")
    assert page.evaluate("() => window.exercise.getCode()").splitlines()[1] == "x = 1"


def test_every_starter_line_fits_the_editor_unwrapped_at_1280(page, base_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    from helpers import ROOT
    for starter in sorted((ROOT / "exercise").glob("*/starter.py")):
        open_problem(page, base_url, starter.parent.name)
        wrapped = page.evaluate("""() => [...document.querySelectorAll("[data-testid=editor] .cm-line")]
            .filter((line) => line.getBoundingClientRect().height > 25).map((line) => line.textContent)""")
        assert wrapped == [], (starter.parent.name, wrapped)
