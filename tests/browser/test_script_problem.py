"""A script problem on the page (issue 23): gd_step's fill-in-the-blank starter shows its
SyntaxError at its line, the reference (which reads points.csv by its plain name) solves it,
a known-wrong solution does not. Documented hooks only: data-testid and window.exercise."""
from __future__ import annotations

from helpers import open_problem, run_code, source, wait_ready

SLUG = "gd_step"
TOTAL = 4


def test_the_page_solves_the_script_problem_with_the_reference_only(page, base_url):
    open_problem(page, base_url, SLUG)
    wait_ready(page)
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
