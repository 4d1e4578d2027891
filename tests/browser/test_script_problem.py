"""A script problem on the page (issue 23): gd_step's fill-in-the-blank starter shows its
SyntaxError at its line, the reference (which reads points.csv by its plain name) solves it,
a known-wrong solution does not; its setup code is shown read-only above the editor. One page
for the module (`shared_page`, Ready at the start of each test). Documented hooks only:
data-testid and window.exercise."""
from __future__ import annotations

from helpers import axe_violations, run_code, source

SLUG = "gd_step"
TOTAL = 4


def test_the_page_solves_the_script_problem_with_the_reference_only(shared_page):
    page = shared_page
    starter = run_code(page, source(f"exercise/{SLUG}/starter.py"))
    assert starter["passed"] == 0 and starter["stop"] is not None
    assert "SyntaxError" in str(starter["stop"])
    for name in ("sum_not_mean", "in_place_update"):
        wrong = run_code(page, source(f"solutions/{SLUG}/wrong/{name}.py"))
        assert wrong["passed"] < wrong["total"] == TOTAL, (name, wrong)
        assert not page.is_visible("[data-testid=solved]")
    result = run_code(page, source(f"solutions/{SLUG}/reference.py"))
    assert (result["passed"], result["total"], result["stop"]) == (TOTAL, TOTAL, None), result
    assert page.is_visible("[data-testid=solved]")


def test_the_given_code_is_shown_read_only_above_the_editor(shared_page):
    page = shared_page
    given = page.locator("[data-testid=given-before]")
    assert given.is_visible()
    setup = source(f"hidden_tests/{SLUG}/script_setup.py").strip("\n")
    assert given.locator("pre").text_content() == setup
    assert given.locator("[contenteditable=true], textarea, input").count() == 0
    editor = page.locator("[data-testid=editor]").bounding_box()
    assert given.bounding_box()["y"] + given.bounding_box()["height"] <= editor["y"]
    assert page.locator("[data-testid=given-after]").count() == 0   # gd_step has no trailing code
    assert axe_violations(page) == []
