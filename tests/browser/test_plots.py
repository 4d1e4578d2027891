"""Plots (issue "Show, not only tell"): the learner's function against the reference on each
sweep of a problem. The reference's curves coincide with their own; every known-wrong
solution parts from the reference on some plot, and the text alternative says where."""
from __future__ import annotations

import re

import pytest
from helpers import ROOT, axe_violations, open_problem, run_code, source, wait_ready

WITH_SWEEPS = sorted(p.parent.name for p in (ROOT / "hidden_tests").glob("*/probes.py")
                     if "def sweeps" in p.read_text())


def plots(page) -> dict[str, str]:
    """Sweep name -> text alternative, for every plot on the page."""
    figures = page.locator("[data-testid=plot]")
    return {figures.nth(i).get_attribute("data-sweep"): figures.nth(i).locator("[data-testid=plot-alt]").text_content()
            for i in range(figures.count())}


@pytest.mark.parametrize("slug", WITH_SWEEPS)
def test_reference_coincides_and_every_known_wrong_solution_parts_from_it(page, base_url, slug):
    open_problem(page, base_url, slug)
    wait_ready(page)
    run_code(page, source(f"solutions/{slug}/reference.py"))
    page.evaluate("() => window.exercise.plot()")
    shown = plots(page)
    assert shown and all(re.search(r"lies on the reference's|follow the reference's", alt) for alt in shown.values()), shown
    for figure in page.locator("[data-testid=plot]").all():
        assert figure.locator("canvas").count() == 1, "a chart is drawn"
    for wrong in sorted((ROOT / "solutions" / slug / "wrong").glob("*.py")):
        result = run_code(page, wrong.read_text())
        assert result["passed"] < result["total"]
        page.evaluate("() => window.exercise.plot(false)")   # drawn on its own after a failing run
        shown = plots(page)
        apart = {name: alt for name, alt in shown.items() if re.search(r"differ|part at|returns|raises", alt)}
        assert apart, (wrong.stem, shown)
        assert all(re.search(r"(=|from) -?\d|everywhere", alt) for alt in apart.values()), ("the text names where", apart)


def test_a_plot_names_non_finite_values_and_points_that_raise(page, base_url):
    open_problem(page, base_url, "kl_diag_gaussian")
    wait_ready(page)
    code = ("import numpy as np\n\ndef kl_diag_gaussian(mu, logvar):\n    if mu[0, 0] > 2:\n"
            "        raise ValueError('too far')\n    if mu[0, 0] < -2:\n        return np.array([np.nan])\n"
            "    return 0.5 * np.sum(np.exp(logvar) + mu**2 - 1.0 - logvar, axis=1)\n")
    page.evaluate("(code) => window.exercise.setCode(code)", code)
    page.evaluate("() => window.exercise.plot()")
    alt = plots(page)["mu"]
    assert "Your code raises at mu = 2.1: ValueError: too far (and at 6 more points)." in alt, alt
    assert "Your code returns nan at mu = -3 and at 6 more points: not drawn." in alt, alt


@pytest.mark.parametrize("scheme, viewport", [("light", (1366, 900)), ("dark", (390, 844))])
def test_plots_are_accessible_in_light_dark_and_on_a_phone(browser, base_url, scheme, viewport):
    context = browser.new_context(color_scheme=scheme, viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{base_url}kl_diag_gaussian.html")   # on a phone the editor waits behind its tab
        page.wait_for_selector("[data-testid=status][data-state=ready]", state="attached", timeout=90_000)
        run_code(page, source("solutions/kl_diag_gaussian/wrong/sign_flipped.py"))
        page.evaluate("() => window.exercise.plot(false)")
        if viewport[0] < 900:
            page.click(".views [data-view=results]")
        assert axe_violations(page) == []
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= viewport[0], "nothing scrolls sideways"
        page.wait_for_timeout(200)   # a plot drawn while its view was hidden fits its box once shown
        canvas = page.locator("[data-testid=plot] canvas").first.bounding_box()
        assert 0.7 * min(viewport[0], 700) <= canvas["width"] <= viewport[0], canvas
    finally:
        context.close()
