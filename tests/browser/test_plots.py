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
    assert "Your code returns nan at mu = -3 and at 6 more points: marked at the top or bottom edge of the plot." in alt, alt


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


# vae_digits draws every kind but histogram: the training curve, reconstructions and samples
# (images), the latent means (scatter). One known-wrong solution trains worse (its samples
# from the prior visibly off); gradients that are not finite stop the training (every pixel
# and point not finite). The tests train with Adam, which a gradient summed over the batch
# does not derail, so no known-wrong solution diverges: the reference's gradients made NaN do.
VAE_CASES = [("light", (1366, 900), "logvar_as_std"), ("dark", (390, 844), "nan_gradients")]


def vae_code(wrong: str) -> str:
    if wrong != "nan_gradients":
        return source(f"solutions/vae_digits/wrong/{wrong}.py")
    return source("solutions/vae_digits/reference.py") + (
        "\n\n_right = vae_loss_and_grads\n\n\ndef vae_loss_and_grads(params, x, eps):\n"
        "    loss, grads = _right(params, x, eps)\n"
        "    return loss, {name: grad * np.nan for name, grad in grads.items()}\n")


@pytest.mark.parametrize("scheme, viewport, wrong", VAE_CASES)
def test_image_and_scatter_plots_say_how_far_and_are_accessible(browser, base_url, scheme, viewport, wrong):
    context = browser.new_context(color_scheme=scheme, viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(f"{base_url}vae_digits.html")
        page.wait_for_selector("[data-testid=status][data-state=ready]", state="attached", timeout=90_000)
        run_code(page, vae_code(wrong))
        page.evaluate("() => window.exercise.plot(false)")
        if viewport[0] < 900:
            page.click(".views [data-view=results]")
        assert kinds(page) == {"held_out": "line", "reconstructions": "images", "samples": "images",
                               "latent": "scatter", "loss_b_lv": "line"}
        shown = plots(page)
        assert shown["reconstructions"].startswith("10 images of 8x8 pixels, 0 black to 1 white: the inputs, the "
                                                   "model's before training, the reference's and your code's."), \
            shown["reconstructions"]
        assert shown["latent"].startswith("297 points (most used mu, next most used mu) coloured by digit"), shown["latent"]
        assert re.search(r"Points per digit: 0: \d+, 1: \d+, .*9: \d+\.", shown["latent"]), shown["latent"]
        if wrong == "logvar_as_std":
            for name in ("reconstructions", "samples"):
                assert re.search(r"differ visibly from the reference's in \d+ of 10: by \d+(\.\d+)?% of the pixel "
                                 r"range on average .*Per image: ", shown[name]), shown[name]
            assert re.search(r"yours against the reference's: 0 at \(-?[\d.]+, -?[\d.]+\) against \(", shown["latent"])
        else:
            for name in ("reconstructions", "samples"):
                assert "Your code returns nan for 640 pixels in 10 of 10 images" in shown[name], shown[name]
            assert "Your code returns nan for 297 of 297 points: not drawn." in shown["latent"], shown["latent"]
        assert axe_violations(page) == []
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= viewport[0], "nothing scrolls sideways"
        page.wait_for_timeout(200)   # a plot drawn while its view was hidden fits its box once shown
        for name in ("reconstructions", "latent"):
            box = page.locator(f"[data-testid=plot][data-sweep={name}] canvas").bounding_box()
            assert 0.7 * min(viewport[0], 700) <= box["width"] <= viewport[0], (name, box)
            assert box["height"] > 100, (name, box)
        # The images are drawn: some pixels of the reconstructions are dark, some light.
        shades = page.evaluate("""() => {
            const canvas = document.querySelector("[data-testid=plot][data-sweep=reconstructions] canvas");
            const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            const greys = new Set();
            for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] === 255) greys.add(pixels[i]);
            return greys.size;
        }""")
        assert shades > 20, shades
        if scheme == "light":
            # The plots take the theme's colours: toggling it redraws each, once.
            page.click("[data-testid=theme]")
            for figure in page.locator("[data-testid=plot]").all():
                assert figure.locator("canvas").count() == 1
            assert page.locator("[data-testid=plot][data-sweep=latent] .plot-legend").count() == 1
            assert axe_violations(page) == []
    finally:
        context.close()
