"""Next clicked the moment a run solves the problem (issue 33): the spare that run left
loading is kept and prepares the next problem once it is up, instead of being stopped for a
whole new boot; the next problem's verdicts are its own, in a Python no learner code ran in.
A swap while the spare still loads (runtime_client.mjs switchProblem: the loading spare
prepares the new problem once up) gives the new problem's tests, display names included."""
from __future__ import annotations

import pytest
from helpers import COUNT_WORKERS, SLUG, open_problem, run_code, source, wait_ready

NEXT = "bernoulli_elbo_loss"   # the Next link's problem after SLUG (course.toml's track)


@pytest.mark.both_engines
def test_next_at_once_after_solving_keeps_the_spare_that_is_loading(browser, base_url):
    context = browser.new_context()
    context.add_init_script(COUNT_WORKERS)
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        open_problem(page, base_url)
        wait_ready(page)
        solved = run_code(page, source(f"solutions/{SLUG}/reference.py"))
        assert solved["passed"] == solved["total"] > 0
        link = page.locator("[data-testid=next] a")
        link.wait_for(state="visible")
        # The spare for the next run started with the result and needs seconds to boot.
        assert page.get_attribute("[data-testid=status]", "data-spare") == "loading"
        counts = "() => [window.__workers.started, window.exercise.spareSnapshot()]"
        started, before = page.evaluate(counts)
        link.click()
        page.wait_for_function("(slug) => window.exercise && window.exercise.slug === slug", arg=NEXT)
        wait_ready(page)
        now, after = page.evaluate(counts)
        # Spares restore from a maker's snapshot (snapshot_page.mjs): the loading spare may be
        # one waiting for the maker, which then restores from it. A worker started since the
        # click is that restore or the next problem's maker, never a spare booted from scratch.
        assert after["boots"] == before["boots"] and after["fellBack"] == before["fellBack"], (before, after)
        assert now - started <= 1 + after["makers"] - before["makers"], "the loading spare was replaced"
        starter = run_code(page, source(f"exercise/{NEXT}/starter.py"))
        assert starter["passed"] < starter["total"]
        right = run_code(page, source(f"solutions/{NEXT}/reference.py"))
        assert right["passed"] == right["total"] > 0
        assert right["rows"][0]["name"] != "", "the new problem's display names are missing"
        assert page.get_attribute("[data-testid=summary]", "data-solved") == "true"
    finally:
        context.close()
