"""Going on to the next problem swaps it into the same page (page_swap.mjs): no new Python
is booted, the URL is the real page, Back and reload work, and nothing the learner's code
did on the first problem reaches the second one's verdict. Once a solving run shows the
Next link, the spare prepares that problem ahead (runtime_client.mjs prepareAhead), so the
click finds its tests ready."""
from __future__ import annotations

import pytest
from helpers import COUNT_WORKERS, SLUG, open_problem, pythons_for_runs, run_code, source, wait_ready

NEXT = "bernoulli_elbo_loss"   # the pager's next problem after SLUG (course.toml's track)


def go_by_link(page, selector: str, slug: str):
    """Click `selector` and wait until problem `slug` is shown and its Python is ready."""
    page.click(selector)
    page.wait_for_function("(slug) => window.exercise && window.exercise.slug === slug", arg=slug)
    wait_ready(page)


def spare_ready(page):
    page.wait_for_selector("[data-testid=status][data-spare=ready]", state="attached", timeout=90_000)


def next_data_fetched_by_a_worker(request) -> bool:
    """A Python worker's request for the next problem's data (the service worker's precache
    of the whole site is not one)."""
    return f"/data/{NEXT}." in request.url and request.service_worker is None


@pytest.mark.both_engines
def test_next_swaps_the_problem_in_without_a_new_python_and_back_returns(browser, base_url, site_dir):
    context = browser.new_context()
    context.add_init_script(COUNT_WORKERS)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        open_problem(page, base_url)
        wait_ready(page)
        spare_ready(page)
        # Solving shows Next: the next spare fetches that problem's data and prepares it
        # ahead, before any click. A rerun meanwhile gets this problem's own verdict, and the
        # spare after it prepares the next problem too.
        fetched: list[str] = []
        context.on("request", lambda request: fetched.append(request.url)
                   if next_data_fetched_by_a_worker(request) else None)
        with context.expect_event("request", next_data_fetched_by_a_worker, timeout=90_000):
            right = run_code(page, source(f"solutions/{SLUG}/reference.py"))
        assert right["passed"] == right["total"] > 0
        assert page.is_visible("[data-testid=next] a")
        mine = source(f"solutions/{SLUG}/wrong/batch_sum.py")
        with context.expect_event("request", next_data_fetched_by_a_worker, timeout=90_000):
            wrong_here = run_code(page, mine)
        assert wrong_here["passed"] < wrong_here["total"]
        assert (wrong_here["diagnosis"] or {}).get("name") == "batch_sum", wrong_here["diagnosis"]
        spare_ready(page)
        page.evaluate("() => { window.__sameDocument = true; }")
        started = pythons_for_runs(page)
        fetched_before_the_click = len(fetched)

        assert fetched_before_the_click >= 2, fetched

        go_by_link(page, "nav.pager a[rel=next]", NEXT)
        # The spare served the problem it had prepared before the click.
        assert page.get_attribute("[data-testid=status]", "data-prepared-ahead") == "true"
        assert page.url == f"{base_url}{NEXT}.html"
        assert page.evaluate("() => window.__sameDocument") is True
        assert pythons_for_runs(page) == started, "a Python was booted for the next problem"
        built = site_dir / f"{NEXT}.html"
        title = built.read_text(encoding="utf-8").split("<title>")[1].split("</title>")[0]
        assert page.title() == title
        assert page.inner_text("main.problem h1").startswith(title.split(" · ")[0])
        assert page.evaluate("() => window.exercise.getCode()") == source(f"exercise/{NEXT}/starter.py")
        # The verdicts are the next problem's own, each in a Python no learner code ran in.
        starter = run_code(page, source(f"exercise/{NEXT}/starter.py"))
        assert starter["passed"] < starter["total"]
        wrong = run_code(page, source(f"solutions/{NEXT}/wrong/kl_missing.py"))
        assert wrong["passed"] < wrong["total"]
        right = run_code(page, source(f"solutions/{NEXT}/reference.py"))
        assert right["passed"] == right["total"] > 0
        assert page.get_attribute("[data-testid=summary]", "data-solved") == "true"

        # Back: the first problem again, with the code the learner left there.
        page.go_back()
        page.wait_for_function("(slug) => window.exercise.slug === slug", arg=SLUG)
        wait_ready(page)
        assert page.url == f"{base_url}{SLUG}.html"
        assert page.evaluate("() => window.__sameDocument") is True
        assert page.evaluate("() => window.exercise.getCode()") == mine
        result = run_code(page, mine)
        assert result["passed"] < result["total"]

        # Forward, then a reload of the swapped-in address: the real page of that problem.
        page.go_forward()
        page.wait_for_function("(slug) => window.exercise.slug === slug", arg=NEXT)
        page.reload()
        wait_ready(page)
        assert page.evaluate("() => window.exercise.slug") == NEXT
        assert page.evaluate("() => window.__sameDocument") is None
    finally:
        context.close()


# Try-it code on the first problem that would make every later test pass in the Python it
# ran in (it replaces pytest's report outcome). It runs in the used worker, which the swap stops.
ALL_PASS = """import _pytest.reports as reports
reports.BaseReport.passed = property(lambda self: True)
reports.BaseReport.failed = property(lambda self: False)
'armed'"""


@pytest.mark.both_engines
def test_code_run_before_the_swap_cannot_reach_the_next_problems_verdict(page, base_url):
    open_problem(page, base_url)
    wait_ready(page)
    armed = page.evaluate("(snippet) => window.exercise.tryIt(snippet)", ALL_PASS)
    assert armed["error"] is None and "armed" in armed["value"]
    spare_ready(page)
    go_by_link(page, "nav.pager a[rel=next]", NEXT)
    starter = run_code(page, source(f"exercise/{NEXT}/starter.py"))
    assert starter["passed"] < starter["total"]
    assert page.get_attribute("[data-testid=summary]", "data-solved") == "false"
    # Try it on the new problem runs the new problem's code, in a Python of its own.
    probe = page.evaluate("(snippet) => window.exercise.tryIt(snippet)",
                          "import _pytest.reports as r; r.BaseReport.passed.fget.__name__")
    assert probe["value"] == "'passed'", probe   # pytest's own property, not the snippet's lambda


def test_a_swap_while_the_spare_still_loads_boots_a_python_for_the_new_problem(page, base_url):
    # Straight after the first problem is ready, a run is made: its spare is used, and the
    # next spare is still loading when the learner goes on.
    open_problem(page, base_url)
    wait_ready(page)
    run_code(page, source(f"exercise/{SLUG}/starter.py"))
    go_by_link(page, "nav.pager a[rel=next]", NEXT)
    right = run_code(page, source(f"solutions/{NEXT}/reference.py"))
    assert right["passed"] == right["total"] > 0
    assert right["rows"][0]["name"] != ""


def test_the_index_link_is_an_ordinary_page_load(page, base_url):
    open_problem(page, base_url)
    page.evaluate("() => { window.__sameDocument = true; }")
    page.click(".site-header a.home")
    page.wait_for_selector("[data-testid=problem]")
    assert page.evaluate("() => window.__sameDocument") is None
