"""Naming the learner's mistake in the page, and the index as a learning path.

One page walks the whole course in its order, as a learner going on from problem to problem
would (the `walk` fixture): after the index, the first problem is loaded, and each later one
is reached by the Next link its predecessor's solving run shows. Between problems on the
same runtime that link swaps the problem into the same page without booting Python again
(page_swap.mjs; tests/browser/test_next_problem.py proves the swap itself); a problem on
another runtime (the SciPy/scikit-learn track) is an ordinary page load. Each problem keeps
its own test, so a failure names its problem (and how the page reached it), and a journey
that failed leaves the next problem to a fresh page load rather than to its leftovers.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import ROOT, SLUG, axe_violations, open_problem, run_code, source, wait_ready
from test_plots import NAMES_WHERE, WITH_SWEEPS, kinds, plots

from exercisekit.problems.course import load_course
from exercisekit.problems.model import Problem
from exercisekit.problems.validate import load_all
from exercisekit.site.views import course_order


def problems_in_course_order() -> list[Problem]:
    """The repository's problems in the order its index, pager and Next links follow."""
    problems, failures = load_all(ROOT)
    assert not failures, failures
    return course_order(problems, load_course(ROOT, [p.slug for p in problems]))


PROBLEMS = {problem.slug: problem for problem in problems_in_course_order()}
COURSE = list(PROBLEMS)


@dataclass
class Walk:
    """One page going through the course. `left` is the problem whose journey ended on the
    page as it is now (None after a failure or a load), `solved` what was solved in this
    browser, `reached` how the problem shown was reached (for failure messages)."""

    page: object
    base_url: str
    left: str | None = None
    reached: str = ""
    solved: set[str] = field(default_factory=set)

    def arrive(self, slug: str) -> None:
        """Show problem `slug`, Ready: by the Next link of the problem just solved when it
        leads there, else by loading its page."""
        came_from, self.left = self.left, None
        link = self.page.locator("[data-testid=next] a")
        if came_from and self.page.is_visible("[data-testid=next]") and \
                link.evaluate("(a) => a.href") == f"{self.base_url}{slug}.html":
            self.page.evaluate("() => { window.__walkedFrom = true; }")   # gone if the click loads a page
            link.click()
            self.page.wait_for_url(f"{self.base_url}{slug}.html")
            self.page.wait_for_function("(slug) => window.exercise && window.exercise.slug === slug", arg=slug)
            swapped = self.page.evaluate("() => window.__walkedFrom === true")
            self.reached = f"Next from {came_from}, " + ("swapped in" if swapped else "a page load")
        else:
            open_problem(self.page, self.base_url, slug)
            self.reached = "load"
        wait_ready(self.page)


@pytest.fixture(scope="module")
def walk(browser, base_url):
    """The module's one browser context and page, walking the course (Walk)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield Walk(page, base_url)
    context.close()


def index_rows(page) -> dict[str, str]:
    """Slug -> data-solved of each problem row of the index shown, in the index's order."""
    rows = page.locator("[data-testid=problem]")
    return {rows.nth(i).get_attribute("data-slug"): rows.nth(i).get_attribute("data-solved") for i in range(rows.count())}


def test_index_lists_problems_in_path_order_with_none_solved_in_a_new_browser(walk, base_url):
    """The index lists every shipped problem once, in the course order the walk below
    follows, every prerequisite before the problems that need it; a browser that solved
    nothing yet sees nothing marked solved (the last test sees what the walk solved)."""
    page = walk.page
    walk.left = None
    page.goto(base_url)
    rows = index_rows(page)
    slugs = list(rows)
    shipped = sorted(p.name for p in (ROOT / "exercise").iterdir() if p.is_dir())
    assert sorted(slugs) == shipped
    assert slugs == COURSE, "the index follows the course order (views.course_order)"
    for i, slug in enumerate(slugs):   # every prerequisite comes earlier on the path
        meta = tomllib.loads((ROOT / "exercise" / slug / "problem.toml").read_text())
        assert set(meta.get("prerequisites", [])) <= set(slugs[:i]), (slug, slugs)
    assert walk.solved == set(), "this test expects a browser that solved nothing yet: it runs first"
    assert {slug: solved for slug, solved in rows.items() if solved != "false"} == {}


# The known-wrong solution each problem's journey runs: the first by name, and for the
# SciPy/scikit-learn track (issue 32) also the one tests/browser/test_field_libraries.py ran.
FIELD_WRONG = {"fit_exponential_decay": "log_linear_fit", "logreg_objective": "mean_not_sum"}
# Code that raises at import after a named mistake (SLUG's journey): the page names no mistake.
RAISES_AT_IMPORT = source(f"solutions/{SLUG}/wrong/batch_sum.py") + "\n\nraise ValueError('at import')\n"


def wrong_ones_run_in_the_browser(slug: str) -> list[Path]:
    found = sorted((ROOT / "solutions" / slug / "wrong").glob("*.py"))
    chosen = [found[0]] + [p for p in found if p.stem == FIELD_WRONG.get(slug) and p != found[0]]
    return chosen


def assert_every_plot_parts_from_the_reference(page, declared: dict[str, str], wrong: str) -> None:
    shown = plots(page)
    apart = {name: alt for name, alt in shown.items() if re.search(r"differ|part at|returns|raises", alt)}
    assert apart, (wrong, shown)
    assert all(re.search(NAMES_WHERE[declared[name]], alt) for name, alt in apart.items()), ("the text names where", apart)


def assert_given_code_is_shown_read_only_above_the_editor(page, problem: Problem) -> None:
    """The code a problem shows around the editor (`show_given_code`): the given code or a
    script's setup above it, read-only; nothing where the problem shows none."""
    given = page.locator("[data-testid=given-before]")
    if not problem.given_before:
        assert given.count() == 0, "no given code is shown above the editor"
    else:
        assert given.is_visible(), "the given code is shown"
        assert given.locator("pre").text_content() == problem.given_before
        assert given.locator("[contenteditable=true], textarea, input").count() == 0, "the given code is read-only"
        box = given.bounding_box()
        assert box["y"] + box["height"] <= page.locator("[data-testid=editor]").bounding_box()["y"], \
            "the given code sits above the editor"
    if not problem.given_after:
        assert page.locator("[data-testid=given-after]").count() == 0, "no trailing code is shown"
    else:
        assert page.locator("[data-testid=given-after] pre").text_content() == problem.given_after


def assert_the_solution_is_offered_only_where_the_author_allows_it(page, problem: Problem) -> None:
    """Where the author allows it after the hints (`solution_after_hints`), Show solution is
    offered once the last hint is shown and shows the reference after a confirmation; a
    problem that does not allow it never offers it."""
    button = page.locator("[data-testid=show-solution]")
    if not (problem.solution_after_hints and not problem.show_solution):
        assert button.count() == (1 if problem.show_solution else 0), "Show solution is offered only where allowed"
        return
    assert button.count() == 1 and not button.is_visible()
    hints = page.locator("[data-hint]").count()
    for shown in range(hints):
        assert not button.is_visible(), f"offered after {shown} of {hints} hints"
        page.click("[data-testid=hint]")
    assert button.is_visible(), "Show solution is offered after the last hint"
    page.once("dialog", lambda dialog: dialog.accept())
    button.click()
    page.wait_for_selector("[data-testid=solution]:not([hidden])")
    assert f"def {problem.function}" in page.text_content("[data-testid=solution]")
    assert axe_violations(page) == []


@pytest.mark.parametrize("slug", COURSE)
def test_every_reference_passes_in_the_browser_and_is_not_diagnosed(walk, slug):
    """One journey per problem, on the walk's page (reached by Next or loaded: the failure
    message says which). Its given code, if any, is shown read-only above the editor; the
    hints lead to Show solution where the author allows it, and only there. A
    known-wrong solution fails and the page names it (data-misconception, its summary);
    where the problem has sweeps, its plots and every other known-wrong solution's plots part
    from the reference and say where; on SLUG, code that raises at import then gets no
    diagnosis; then the reference passes, solved, the diagnosis goes, and its plots coincide
    with the reference's. That every other known-wrong solution's own
    run names it is proven for each one in both legs by tests/legs/test_every_mistake_is_named.py
    (the same Session and data the page runs)."""
    walk.arrive(slug)
    page, problem = walk.page, PROBLEMS[slug]
    where = f"{slug}, reached by {walk.reached}"
    assert page.evaluate("() => window.exercise.slug") == slug, where
    assert_given_code_is_shown_read_only_above_the_editor(page, problem)
    assert_the_solution_is_offered_only_where_the_author_allows_it(page, problem)
    named = (ROOT / "hidden_tests" / slug / "probes.py").is_file()   # only probes.py names a mistake
    for wrong in wrong_ones_run_in_the_browser(slug):
        code = wrong.read_text()
        result = run_code(page, code)
        assert result["stop"] is None and result["passed"] < result["total"], (where, wrong.stem, json.dumps(result)[:2000])
        assert not page.is_visible("[data-testid=solved]"), (where, wrong.stem)
        diagnosis = page.locator("[data-testid=diagnosis]")
        assert diagnosis.is_visible() == named, (where, wrong.stem)
        if named:
            assert (result["diagnosis"] or {}).get("name") == wrong.stem, (where, result["diagnosis"])
            assert diagnosis.get_attribute("data-misconception") == wrong.stem, where
            assert code.split('"""')[1].splitlines()[0] in diagnosis.text_content(), where
    sweeps = slug in WITH_SWEEPS
    if sweeps:
        sweeps = page.evaluate("() => JSON.parse(document.getElementById('exercise-config').textContent).sweeps")
        assert sweeps, f"{slug}'s probes.py declares sweeps, its page config has none"
        declared = {sweep["name"]: sweep["kind"] for sweep in sweeps}
        # The failing run above plots on its own; the rest are plotted straight away (each run
        # would wait for a fresh Python; their own runs are named in both legs).
        page.evaluate("() => window.exercise.plot(false)")
        assert_every_plot_parts_from_the_reference(page, declared, wrong.stem)
        for other in sorted((ROOT / "solutions" / slug / "wrong").glob("*.py")):
            if other == wrong:
                continue
            page.evaluate("(code) => window.exercise.setCode(code)", other.read_text())
            page.evaluate("() => window.exercise.plot()")
            assert_every_plot_parts_from_the_reference(page, declared, other.stem)
    if slug == SLUG:
        assert page.locator("[data-testid=diagnosis]").is_visible(), "a mistake is named before the code that raises"
        run_code(page, RAISES_AT_IMPORT)
        assert page.locator("[data-testid=diagnosis]").is_hidden(), "code that raises on the probes gets no diagnosis"
    result = run_code(page, source(f"solutions/{slug}/reference.py"))
    assert result["stop"] is None and result["passed"] == result["total"] > 0, (where, json.dumps(result)[:2000])
    if slug in FIELD_WRONG:
        assert result["total"] == 5, result["total"]
    assert page.is_visible("[data-testid=solved]"), where
    walk.solved.add(slug)
    diagnosis = page.locator("[data-testid=diagnosis]")
    assert diagnosis.is_hidden() and diagnosis.get_attribute("data-misconception") is None, where
    if sweeps:
        page.evaluate("() => window.exercise.plot()")
        shown = plots(page)
        assert shown and all(re.search(r"lies? on the reference's|follow the reference's|match the reference's", alt)
                             for alt in shown.values()), (where, shown)
        # A flat check (only_when_apart) is plotted only when the code departs from it.
        assert kinds(page) == {name: kind for name, kind in declared.items()
                               if not any(s["name"] == name and s.get("only_when_apart") for s in sweeps)}, \
            "each plot says its kind"
        for figure in page.locator("[data-testid=plot]").all():
            assert figure.locator("canvas").count() == 1, "a chart is drawn"
    walk.left = slug


def test_the_index_marks_what_this_browser_solved(walk, base_url):
    """After the walk, the index marks each problem this browser solved, and only those (run
    alone, this test solves SLUG first)."""
    if not walk.solved:
        walk.arrive(SLUG)
        result = run_code(walk.page, source(f"solutions/{SLUG}/reference.py"))
        assert result["passed"] == result["total"] > 0
        walk.solved.add(SLUG)
    walk.left = None
    walk.page.goto(base_url)
    rows = index_rows(walk.page)
    assert rows == {slug: "true" if slug in walk.solved else "false" for slug in rows}
