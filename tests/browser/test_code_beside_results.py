"""Issue 34: code and results together on a laptop, and editing that behaves. After a run
the editor stays in view beside the summary and the first failure (measured with bounding
boxes at 1366x768 and 1280x720); a "line N" link centres its line; Home and End act on the
whole line though the editor wraps; every starter line fits the editor unwrapped.

One page (a page load boots Python: issue 30), resized between the two laptop sizes: the
layout follows the window, not the size it was loaded at."""
from __future__ import annotations

from helpers import ROOT, open_problem, source, wait_ready

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


def editor_stands_beside_the_summary_and_the_first_failure(page, size: str) -> None:
    page.wait_for_timeout(300)   # the page's own scroll after the result
    boxes = page.evaluate(BOXES)
    editor, summary, failing, height = boxes["editor"], boxes["summary"], boxes["failing"], boxes["height"]
    assert page.evaluate("() => scrollY") > 0, f"{size}: the page scrolled to the results"
    # The whole editor and the Run button in the window...
    assert 0 <= editor["top"] and editor["bottom"] <= height, (size, boxes)
    assert 0 <= boxes["run"]["top"] and boxes["run"]["bottom"] <= height, (size, boxes)
    # ...beside the summary and the first failing row, whose first lines show too.
    assert 0 <= summary["top"] and summary["bottom"] <= height, (size, boxes)
    assert 0 <= failing["top"] and min(failing["bottom"], failing["top"] + 60) <= height, (size, boxes)
    assert summary["right"] <= editor["left"] or editor["right"] <= summary["left"], f"{size}: side by side, not overlapping"
    assert failing["right"] <= editor["left"] or editor["right"] <= failing["left"], size


def a_line_link_centres_its_line_in_the_editor(page) -> None:
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


def home_and_end_act_on_the_whole_line_when_it_wraps(page) -> None:
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
    assert page.evaluate("() => window.exercise.getCode()").splitlines()[1] == "x = 1", "Home, Home, Shift+End"


def every_starter_line_fits_the_editor_unwrapped(page) -> None:
    # Each starter in this page's editor: its width is the same on every problem's page, the
    # grid's columns being minmax(0, ...) (style.css), whatever the statement holds.
    for starter in sorted((ROOT / "exercise").glob("*/starter.py")):
        page.evaluate("(code) => window.exercise.setCode(code)", starter.read_text(encoding="utf-8"))
        wrapped = page.evaluate("""() => [...document.querySelectorAll("[data-testid=editor] .cm-line")]
            .filter((line) => line.getBoundingClientRect().height > 25).map((line) => line.textContent)""")
        assert wrapped == [], (starter.parent.name, wrapped)


def test_code_beside_results_at_1366_and_1280_and_editing_that_behaves(page, base_url):
    """One page at 1366x768: the statement counts tests only (no test runs on several inputs:
    test_counts_and_cues.py has the other half) -> after a click on Run the editor stands
    beside the summary and the first failure -> a line link centres its line -> resized to
    1280x720, from the top: after a run, the same -> Home and End act on the whole wrapped line
    -> every starter's lines fit the editor unwrapped."""
    page.set_viewport_size({"width": 1366, "height": 768})
    open_problem(page, base_url, SLUG)
    assert "cases" not in page.locator(".tests-list > p").text_content(), "the count line of unparametrized tests"
    wait_ready(page)
    page.evaluate("(code) => window.exercise.setCode(code)", WRONG)
    page.click("[data-testid=run]")
    page.wait_for_selector("[data-testid=summary][data-passed]")   # the page's first run
    editor_stands_beside_the_summary_and_the_first_failure(page, "1366x768")
    a_line_link_centres_its_line_in_the_editor(page)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.evaluate("() => window.scrollTo(0, 0)")
    page.evaluate("(code) => window.exercise.setCode(code)", WRONG)
    page.evaluate("() => window.exercise.runTests()")   # as Run does: its result, then revealed
    editor_stands_beside_the_summary_and_the_first_failure(page, "1280x720")
    home_and_end_act_on_the_whole_line_when_it_wraps(page)
    every_starter_line_fits_the_editor_unwrapped(page)
