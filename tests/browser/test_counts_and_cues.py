"""Issue 34: counts and names that agree, and a cue on formulas that scroll. The statement
counts tests and, where a test runs on several inputs, cases, which is what the summary
counts; a formula wider than a phone shows a shadow at the edge it scrolls past.

One phone journey (a page load boots Python: issue 30); a statement without parametrized
tests says tests only: test_code_beside_results.py checks that on kl_diag_gaussian."""
from __future__ import annotations

from helpers import (
    PHONE,
    ROOT,
    assert_a_cue_exactly_on_the_boxes_that_scroll,
    open_on_a_phone,
    run_code,
    source,
    statement_scrollers,
)

PARAMETRIZED = "gaussian_nll"   # two of its tests run on several inputs


def count_line(page) -> str:
    return page.locator(".tests-list > p").text_content()


def the_statement_counts_tests_and_cases_as_the_summary_does(page) -> None:
    # On a phone the status line sits in the hidden Code view: wait for its state, not its visibility.
    page.wait_for_selector("[data-testid=status][data-state=ready]", state="attached", timeout=90_000)
    names = page.locator(".tests-list li").count()
    result = run_code(page, source(f"solutions/{PARAMETRIZED}/reference.py"))
    cases = result["total"]
    assert cases > names, "the problem has parametrized tests"
    assert count_line(page).startswith(f"{names} tests ({cases} cases"), count_line(page)
    assert page.get_attribute("[data-testid=summary]", "data-total") == str(cases)


def test_counts_agree_and_a_formula_that_scrolls_on_a_phone_shows_a_cue(browser, base_url):
    """On a phone, one page per problem with wide statements: on gaussian_nll the statement
    counts its tests and cases as the summary of a run does; on each, every formula or example
    that scrolls sideways has a shadow cue and the keyboard reaches it, and none that fits does."""
    context = browser.new_context(**PHONE)
    try:
        found = []
        # vae_elbo_loss, the fourth with a wide statement: test_learner_page.py's phone journey.
        for slug in ("kl_two_gaussians", "iwae_bound", PARAMETRIZED):
            if not (ROOT / "exercise" / slug).is_dir():
                continue
            page = open_on_a_phone(context, base_url, slug)
            if slug == PARAMETRIZED:
                the_statement_counts_tests_and_cases_as_the_summary_does(page)
                page.tap(".views [data-view=statement]")   # the run opened the Results part
            page.wait_for_timeout(200)
            found += statement_scrollers(page)
            page.close()
        assert any(box["scrolls"] for box in found), "some formula or example scrolls on a phone"
        assert_a_cue_exactly_on_the_boxes_that_scroll(found)
    finally:
        context.close()
