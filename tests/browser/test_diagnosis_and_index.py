"""Naming the learner's mistake in the page, and the index as a learning path."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from helpers import ROOT, SLUG, open_problem, run_code, source, wait_ready
from test_plots import NAMES_WHERE, WITH_SWEEPS, kinds, plots

SLUGS = sorted(p.name for p in (ROOT / "exercise").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def pages(browser, base_url):
    """One open page per problem, reused: a rerun costs milliseconds, a page load seconds."""
    context = browser.new_context()
    opened = {}

    def page_for(slug):
        if slug not in opened:
            page = context.new_page()
            page.set_default_timeout(60_000)
            opened[slug] = open_problem(page, base_url, slug)
        return opened[slug]

    yield page_for
    context.close()


@pytest.fixture
def solver(pages):
    return pages(SLUG)


# The known-wrong solution each problem's journey runs: the first by name, and for the
# SciPy/scikit-learn track (issue 32) also the one tests/browser/test_field_libraries.py ran.
FIELD_WRONG = {"fit_exponential_decay": "log_linear_fit", "logreg_objective": "mean_not_sum"}


def wrong_ones_run_in_the_browser(slug: str) -> list[Path]:
    found = sorted((ROOT / "solutions" / slug / "wrong").glob("*.py"))
    chosen = [found[0]] + [p for p in found if p.stem == FIELD_WRONG.get(slug) and p != found[0]]
    return chosen


def assert_every_plot_parts_from_the_reference(page, declared: dict[str, str], wrong: str) -> None:
    shown = plots(page)
    apart = {name: alt for name, alt in shown.items() if re.search(r"differ|part at|returns|raises", alt)}
    assert apart, (wrong, shown)
    assert all(re.search(NAMES_WHERE[declared[name]], alt) for name, alt in apart.items()), ("the text names where", apart)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_reference_passes_in_the_browser_and_is_not_diagnosed(pages, slug):
    """One journey per problem. A known-wrong solution fails and the page names it
    (data-misconception, its summary); where the problem has sweeps, its plots and every
    other known-wrong solution's plots part from the reference and say where; then the
    reference passes, solved, the diagnosis goes, and its plots coincide with the reference's.
    That every other known-wrong solution's own run names it is proven for each one in both
    legs by tests/legs/test_every_mistake_is_named.py (the same Session and data the page runs)."""
    page = pages(slug)
    wait_ready(page)
    named = (ROOT / "hidden_tests" / slug / "probes.py").is_file()   # only probes.py names a mistake
    for wrong in wrong_ones_run_in_the_browser(slug):
        code = wrong.read_text()
        result = run_code(page, code)
        assert result["stop"] is None and result["passed"] < result["total"], (wrong.stem, json.dumps(result)[:2000])
        assert not page.is_visible("[data-testid=solved]"), wrong.stem
        diagnosis = page.locator("[data-testid=diagnosis]")
        assert diagnosis.is_visible() == named, wrong.stem
        if named:
            assert (result["diagnosis"] or {}).get("name") == wrong.stem, result["diagnosis"]
            assert diagnosis.get_attribute("data-misconception") == wrong.stem
            assert code.split('"""')[1].splitlines()[0] in diagnosis.text_content()
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
    result = run_code(page, source(f"solutions/{slug}/reference.py"))
    assert result["stop"] is None and result["passed"] == result["total"] > 0, json.dumps(result)[:2000]
    if slug in FIELD_WRONG:
        assert result["total"] == 5, result["total"]
    assert page.is_visible("[data-testid=solved]")
    diagnosis = page.locator("[data-testid=diagnosis]")
    assert diagnosis.is_hidden() and diagnosis.get_attribute("data-misconception") is None
    if sweeps:
        page.evaluate("() => window.exercise.plot()")
        shown = plots(page)
        assert shown and all(re.search(r"lies? on the reference's|follow the reference's|match the reference's", alt)
                             for alt in shown.values()), shown
        # A flat check (only_when_apart) is plotted only when the code departs from it.
        assert kinds(page) == {name: kind for name, kind in declared.items()
                               if not any(s["name"] == name and s.get("only_when_apart") for s in sweeps)}, \
            "each plot says its kind"
        for figure in page.locator("[data-testid=plot]").all():
            assert figure.locator("canvas").count() == 1, "a chart is drawn"


def test_code_that_raises_on_probes_gets_no_diagnosis(solver):
    code = source(f"solutions/{SLUG}/wrong/batch_sum.py") + "\n\nraise ValueError('at import')\n"
    run_code(solver, code)
    assert solver.locator("[data-testid=diagnosis]").is_hidden()


def test_index_lists_problems_in_path_order_and_marks_solved(page, base_url):
    page.goto(base_url)
    rows = page.locator("[data-testid=problem]")
    slugs = [rows.nth(i).get_attribute("data-slug") for i in range(rows.count())]
    shipped = sorted(p.name for p in (ROOT / "exercise").iterdir() if p.is_dir())
    assert sorted(slugs) == shipped
    for i, slug in enumerate(slugs):   # every prerequisite comes earlier on the path
        meta = tomllib.loads((ROOT / "exercise" / slug / "problem.toml").read_text())
        assert set(meta.get("prerequisites", [])) <= set(slugs[:i]), (slug, slugs)
    assert page.locator(f"[data-testid=problem][data-slug={SLUG}]").get_attribute("data-solved") == "false"
    open_problem(page, base_url)
    run_code(page, source(f"solutions/{SLUG}/reference.py"))
    page.goto(base_url)
    assert page.locator(f"[data-testid=problem][data-slug={SLUG}]").get_attribute("data-solved") == "true"
