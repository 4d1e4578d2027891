"""Plots (issue "Show, not only tell"): the learner's function against the reference on each
sweep of a problem. The reference's curves coincide with their own; every known-wrong
solution parts from the reference on some plot, and the text alternative says where."""
from __future__ import annotations

import pytest
from helpers import ROOT, axe_violations, run_code, source

WITH_SWEEPS = sorted(p.parent.name for p in (ROOT / "hidden_tests").glob("*/probes.py")
                     if "def sweeps" in p.read_text())


def plots(page) -> dict[str, str]:
    """Sweep name -> text alternative, for every plot on the page."""
    figures = page.locator("[data-testid=plot]")
    return {figures.nth(i).get_attribute("data-sweep"): figures.nth(i).locator("[data-testid=plot-alt]").text_content()
            for i in range(figures.count())}


def kinds(page) -> dict[str, str]:
    """Sweep name -> data-kind, for every plot on the page."""
    figures = page.locator("[data-testid=plot]")
    return {figures.nth(i).get_attribute("data-sweep"): figures.nth(i).get_attribute("data-kind")
            for i in range(figures.count())}


# How a text alternative says where the learner's output departs, per kind: a line names an
# x value, an image plot a share of the pixel range, a scatter plot a mean position.
NAMES_WHERE = {"line": r"(=|from) -?\d|everywhere", "histogram": r"(=|from) -?\d|everywhere",
               "images": r"\d%|in \d+ of \d+", "scatter": r"at \(-?\d|\d+ of \d+ points"}


# Each problem's reference coinciding with its own curves, and every known-wrong solution
# parting from them and saying where, are asserted in that problem's journey:
# tests/browser/test_diagnosis_and_index.py (one page per problem, not two).


# A plot naming the values that are not finite and the points where the code raises: the
# test of nan marks in tests/browser/test_plots_never_stale.py, on its one page of that problem.
# vae_digits' image and scatter plots, how far they say the learner's model is, in both themes
# and at a phone's width: tests/browser/test_capstone_learns.py, on its one page of that problem.


@pytest.mark.both_engines
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
