"""Issue 34: counts and names that agree, and a cue on formulas that scroll. The statement
counts tests and, where a test runs on several inputs, cases, which is what the summary
counts; a formula wider than a phone shows a shadow at the edge it scrolls past."""
from __future__ import annotations

from helpers import PHONE, ROOT, open_on_a_phone, open_problem, run_code, source, wait_ready

PARAMETRIZED = "gaussian_nll"   # two of its tests run on several inputs


def count_line(page) -> str:
    return page.locator(".tests-list > p").text_content()


def test_the_statement_counts_tests_and_cases_as_the_summary_does(page, base_url):
    open_problem(page, base_url, PARAMETRIZED)
    wait_ready(page)
    names = page.locator(".tests-list li").count()
    result = run_code(page, source(f"solutions/{PARAMETRIZED}/reference.py"))
    cases = result["total"]
    assert cases > names, "the problem has parametrized tests"
    assert count_line(page).startswith(f"{names} tests ({cases} cases"), count_line(page)
    assert page.get_attribute("[data-testid=summary]", "data-total") == str(cases)
    # Without parametrized tests the line says tests only.
    open_problem(page, base_url, "kl_diag_gaussian")
    assert "cases" not in count_line(page)


def test_a_formula_that_scrolls_on_a_phone_shows_a_cue(browser, base_url):
    context = browser.new_context(**PHONE)
    try:
        found = []
        for slug in ("kl_two_gaussians", "iwae_bound", "gaussian_nll", "vae_elbo_loss"):
            if not (ROOT / "exercise" / slug).is_dir():
                continue
            page = open_on_a_phone(context, base_url, slug)
            page.wait_for_timeout(200)
            found += page.evaluate("""() => [...document.querySelectorAll(".statement .math-display, .statement pre")].map((box) => ({
                scrolls: box.scrollWidth > box.clientWidth + 1, cue: box.classList.contains("scrolls"),
                shadow: getComputedStyle(box).backgroundImage.includes("radial-gradient"), tabindex: box.getAttribute("tabindex") }))""")
            page.close()
        scrolling = [box for box in found if box["scrolls"]]
        assert scrolling, "some formula or example scrolls on a phone"
        assert all(box["cue"] and box["shadow"] and box["tabindex"] == "0" for box in scrolling), scrolling
        assert not any(box["cue"] or box["shadow"] for box in found if not box["scrolls"]), "no cue on a box that fits"
    finally:
        context.close()
