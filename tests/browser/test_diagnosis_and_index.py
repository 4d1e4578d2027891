"""Naming the learner's mistake in the page, and the index as a learning path."""
from __future__ import annotations

import tomllib

import pytest
from helpers import ROOT, SLUG, open_problem, run_code, source

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


@pytest.mark.parametrize("slug", SLUGS)
def test_every_reference_passes_in_the_browser_and_is_not_diagnosed(pages, slug):
    """One journey per problem: its first known-wrong solution fails and the page names it
    (data-misconception, its summary), then the reference passes and the diagnosis goes.
    That every other known-wrong solution's own run names it is proven for each one in both
    legs by tests/legs/test_every_mistake_is_named.py (the same Session and data the page runs)."""
    page = pages(slug)
    wrong = sorted((ROOT / "solutions" / slug / "wrong").glob("*.py"))[0]
    code = wrong.read_text()
    result = run_code(page, code)
    assert result["passed"] < result["total"]
    # A diagnosis shown for wrong code must go with the reference (only probes.py names one).
    named = (ROOT / "hidden_tests" / slug / "probes.py").is_file()
    diagnosis = page.locator("[data-testid=diagnosis]")
    assert diagnosis.is_visible() == named
    if named:
        assert diagnosis.get_attribute("data-misconception") == wrong.stem
        assert code.split('"""')[1].splitlines()[0] in diagnosis.text_content()
    result = run_code(page, source(f"solutions/{slug}/reference.py"))
    assert result["passed"] == result["total"] > 0
    diagnosis = page.locator("[data-testid=diagnosis]")
    assert diagnosis.is_hidden() and diagnosis.get_attribute("data-misconception") is None


@pytest.mark.both_engines
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
