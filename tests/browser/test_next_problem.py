"""Going on to the next problem swaps it into the same page (page_swap.mjs): no new Python
is booted, the URL is the real page, Back and reload work, and nothing the learner's code
did on the first problem reaches the second one's verdict. Once a solving run shows the
Next link, the spare prepares that problem ahead (runtime_client.mjs prepareAhead), so the
click finds its tests ready. The index link is an ordinary page load. A page on its own (no
parent frame) posts no message and shows no LMS status (embed.mjs; the embedded page is
test_embed_page.py's). One page walks through all of it, in the order a learner meets it."""
from __future__ import annotations

import pytest
from helpers import COUNT_WORKERS, SLUG, open_problem, pythons_for_runs, run_code, source, wait_ready

NEXT = "bernoulli_elbo_loss"   # the pager's next problem after SLUG (course.toml's track)
# Try-it code on the first problem that would make every later test pass in the Python it
# ran in (it replaces pytest's report outcome). It runs in the used worker, which the swap stops.
ALL_PASS = """import _pytest.reports as reports
reports.BaseReport.passed = property(lambda self: True)
reports.BaseReport.failed = property(lambda self: False)
'armed'"""
# An init script: every message the page posts to itself, in `window.__posted` (a page on its
# own is its own parent: an embedded page's posts to its parent would be caught here).
RECORD_POSTS = """window.__posted = [];
    const original = window.postMessage.bind(window);
    window.postMessage = (...args) => { window.__posted.push(args[0]); return original(...args); };"""


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
def test_next_swaps_the_problem_in_without_a_new_python_and_nothing_crosses_over(browser, base_url, site_dir):
    """Steps: solve SLUG (the next spare prepares NEXT ahead) -> a wrong rerun keeps SLUG's
    own verdict -> Try-it code that would make every test pass, in the used worker -> Next:
    swapped in, prepared ahead, no new Python, NEXT's title, starter code -> NEXT's verdicts
    are its own (the Try-it code reached none; Try it runs pytest's own code) -> the page on
    its own posted nothing -> Back: SLUG with its code -> Forward and reload: the real page ->
    the index link: an ordinary page load."""
    context = browser.new_context()
    context.add_init_script(COUNT_WORKERS)
    context.add_init_script(RECORD_POSTS)
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
        assert right["passed"] == right["total"] > 0, "solve: the reference fails"
        assert page.is_visible("[data-testid=next] a"), "solve: no Next link"
        mine = source(f"solutions/{SLUG}/wrong/batch_sum.py")
        with context.expect_event("request", next_data_fetched_by_a_worker, timeout=90_000):
            wrong_here = run_code(page, mine)
        assert wrong_here["passed"] < wrong_here["total"], "rerun: batch_sum passes"
        assert (wrong_here["diagnosis"] or {}).get("name") == "batch_sum", wrong_here["diagnosis"]
        # Try it runs in the used worker (the one that ran batch_sum), which the swap stops.
        armed = page.evaluate("(snippet) => window.exercise.tryIt(snippet)", ALL_PASS)
        assert armed["error"] is None and "armed" in armed["value"], armed
        spare_ready(page)
        page.evaluate("() => { window.__sameDocument = true; }")
        started = pythons_for_runs(page)
        assert len(fetched) >= 2, fetched

        go_by_link(page, "nav.pager a[rel=next]", NEXT)
        # The spare served the problem it had prepared before the click.
        assert page.get_attribute("[data-testid=status]", "data-prepared-ahead") == "true", "swap: not prepared ahead"
        assert page.url == f"{base_url}{NEXT}.html"
        assert page.evaluate("() => window.__sameDocument") is True, "swap: the page was reloaded"
        assert pythons_for_runs(page) == started, "a Python was booted for the next problem"
        built = site_dir / f"{NEXT}.html"
        title = built.read_text(encoding="utf-8").split("<title>")[1].split("</title>")[0]
        assert page.title() == title
        assert page.inner_text("main.problem h1").startswith(title.split(" · ")[0])
        assert page.evaluate("() => window.exercise.getCode()") == source(f"exercise/{NEXT}/starter.py")
        # The verdicts are the next problem's own, each in a Python no learner code ran in:
        # the Try-it code run before the swap reaches none of them.
        starter = run_code(page, source(f"exercise/{NEXT}/starter.py"))
        assert starter["passed"] < starter["total"], "NEXT's starter passes: code from before the swap reached it"
        assert page.get_attribute("[data-testid=summary]", "data-solved") == "false"
        # Try it on the new problem runs the new problem's code, in a Python of its own.
        probe = page.evaluate("(snippet) => window.exercise.tryIt(snippet)",
                              "import _pytest.reports as r; r.BaseReport.passed.fget.__name__")
        assert probe["value"] == "'passed'", probe   # pytest's own property, not the snippet's lambda
        wrong = run_code(page, source(f"solutions/{NEXT}/wrong/kl_missing.py"))
        assert wrong["passed"] < wrong["total"], "NEXT's kl_missing passes"
        right = run_code(page, source(f"solutions/{NEXT}/reference.py"))
        assert right["passed"] == right["total"] > 0, "NEXT's reference fails"
        assert page.get_attribute("[data-testid=summary]", "data-solved") == "true"
        # On its own, the page is nobody's frame: no message for a parent, no LMS status.
        posted = page.evaluate("() => window.__posted.filter((m) => m && String(m.type).startsWith('exercise:'))")
        assert posted == [], f"a page on its own posted {posted}"
        assert not page.locator("[data-testid=lms-status]").is_visible()
        assert page.locator("a.home").is_visible()

        # Back: the first problem again, with the code the learner left there.
        page.go_back()
        page.wait_for_function("(slug) => window.exercise.slug === slug", arg=SLUG)
        wait_ready(page)
        assert page.url == f"{base_url}{SLUG}.html"
        assert page.evaluate("() => window.__sameDocument") is True, "Back: the page was reloaded"
        assert page.evaluate("() => window.exercise.getCode()") == mine, "Back: the learner's code is gone"
        result = run_code(page, mine)
        assert result["passed"] < result["total"]

        # Forward, then a reload of the swapped-in address: the real page of that problem.
        page.go_forward()
        page.wait_for_function("(slug) => window.exercise.slug === slug", arg=NEXT)
        page.reload()
        wait_ready(page)
        assert page.evaluate("() => window.exercise.slug") == NEXT
        assert page.evaluate("() => window.__sameDocument") is None, "reload: still the old document"

        # The index link is an ordinary page load, not a swap.
        page.evaluate("() => { window.__sameDocument = true; }")
        page.click(".site-header a.home")
        page.wait_for_selector("[data-testid=problem]")
        assert page.evaluate("() => window.__sameDocument") is None, "the index link swapped in place"
    finally:
        context.close()
