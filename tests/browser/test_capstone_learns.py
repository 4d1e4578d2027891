"""Issue 34: the capstone (vae_digits) visibly learns. A wrong encoder gradient (tanh's
derivative left out, or the logvar head's share left out) fails the gradient rows of the
encoder and the training row, whose held-out curve leaves the reference's, and is named by the
diagnosis; the reference's training beats the mean image, and the reconstructions plot shows
the untrained model's row under the inputs, then the trained model's, close to the inputs.
Its image and scatter plots say how far the learner's model is from the reference's and are
accessible in both themes and at a phone's width. One page for the module (`shared_page`):
each test sets the code it runs, the theme and the window size it needs."""
from __future__ import annotations

import importlib.util
import re

import numpy as np
import pytest
from helpers import ROOT, axe_violations, outcomes, run_code, source
from test_plots import kinds, plots

SLUG = "vae_digits"
CURVE_ROW = "Trained with your gradients, the held-out curve retraces the reference's"
BASELINE_ROW = "The trained model beats the mean image by 4 nats"
WRONG_ENCODERS = [("encoder_tanh_derivative_missing", "tanh"), ("encoder_misses_the_logvar_path", "logvar")]


def plotted(page):
    """After a run the page trains the model again to draw its plots: wait for them (the
    learner's curves) before reading what that job could still change."""
    return page.evaluate("() => window.exercise.plot(false)")


@pytest.mark.parametrize("wrong, word", WRONG_ENCODERS)
def test_a_wrong_encoder_gradient_fails_the_curve_and_is_named(shared_page, wrong, word):
    page = shared_page
    result = run_code(page, source(f"solutions/{SLUG}/wrong/{wrong}.py"))
    assert result["passed"] < result["total"]
    plotted(page)
    rows = outcomes(page)
    failing = sorted(name for name, outcome in rows.items() if outcome != "passed")
    assert any("W_enc" in name for name in failing) and any("b_enc" in name for name in failing), failing
    assert not any(key in name for name in failing for key in ("W_out", "W_hid", "W_mu")), failing
    assert CURVE_ROW in failing, failing
    assert rows[BASELINE_ROW] == "passed", "the wrong encoder still beats the mean image: only the curve tells"
    curve = next(row for row in result["rows"] if row["name"] == CURVE_ROW)
    assert re.search(r"leaves the reference's curve at epoch \d+: [\d.]+ against [\d.]+ \(tolerance 0.05 nats\)",
                     curve["message"]), curve["message"]
    diagnosis = page.locator("[data-testid=diagnosis]")
    assert diagnosis.get_attribute("data-misconception") == wrong
    assert word in diagnosis.text_content() and "reference" not in diagnosis.text_content().lower()


def test_the_reference_learns_the_digits_and_the_plot_shows_before_and_after(shared_page):
    page = shared_page
    result = run_code(page, source(f"solutions/{SLUG}/reference.py"))
    assert result["passed"] == result["total"], [row for row in result["rows"] if row["outcome"] != "passed"]
    assert {CURVE_ROW, BASELINE_ROW} <= {row["name"] for row in result["rows"]}
    answer = plotted(page)
    alt = page.locator("[data-testid=plot][data-sweep=reconstructions] [data-testid=plot-alt]").text_content()
    assert "the inputs, the model's before training, the reference's and your code's" in alt, alt
    assert "Your images match the reference's." in alt
    # Recognisably the input digits: each reconstruction the page computed is nearer its own
    # input than any other digit's, and far nearer than the untrained model's images are.
    found = next(curve for curve in answer["curves"] if curve["name"] == "reconstructions")
    shown = {sweep["name"]: sweep for sweep in load_probes().sweeps()}["reconstructions"]
    inputs, before = np.asarray(shown["inputs"]), np.asarray(shown["before"])
    trained = np.asarray(found["ys"], dtype=float).reshape(inputs.shape)
    nearest = np.argmin(((trained[:, None, :] - inputs[None, :, :]) ** 2).sum(axis=2), axis=1)
    assert nearest.tolist() == list(range(10)), f"reconstructions nearest the inputs of digits {nearest.tolist()}"
    trained_off, before_off = np.abs(trained - inputs).mean(), np.abs(before - inputs).mean()
    assert trained_off < 0.15 and before_off > 0.4, (trained_off, before_off)


def load_probes():
    """The problem's probes.py, by path, as check loads it: what the page's plot was made of."""
    spec = importlib.util.spec_from_file_location("vae_digits_probes", ROOT / "hidden_tests" / SLUG / "probes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# vae_digits draws every kind but histogram: the training curve, reconstructions and samples
# (images), the latent means (scatter). One known-wrong solution trains worse (its samples
# from the prior visibly off); gradients that are not finite stop the training (every pixel
# and point not finite). The tests train with Adam, which a gradient summed over the batch
# does not derail, so no known-wrong solution diverges: the reference's gradients made NaN do.
# The dark case comes first: the light case ends by choosing a theme with the toggle, a choice
# the page keeps over the system's from then on.
VAE_CASES = [("dark", (390, 844), "nan_gradients"), ("light", (1366, 900), "logvar_as_std")]


def vae_code(wrong: str) -> str:
    if wrong != "nan_gradients":
        return source(f"solutions/vae_digits/wrong/{wrong}.py")
    return source("solutions/vae_digits/reference.py") + (
        "\n\n_right = vae_loss_and_grads\n\n\ndef vae_loss_and_grads(params, x, eps):\n"
        "    loss, grads = _right(params, x, eps)\n"
        "    return loss, {name: grad * np.nan for name, grad in grads.items()}\n")


@pytest.mark.parametrize("scheme, viewport, wrong", VAE_CASES)
def test_image_and_scatter_plots_say_how_far_and_are_accessible(shared_page, scheme, viewport, wrong):
    """The system's theme (`scheme`) and the window size are set on the module's page; the
    plots of `wrong`'s run are drawn in them and read."""
    page = shared_page
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    # The page follows the system's theme on the media query's change event, which the
    # browser dispatches after emulate_media returns: waited for, not read at once.
    page.wait_for_function("(scheme) => document.documentElement.dataset.theme === scheme", arg=scheme,
                           timeout=10_000)   # no theme was chosen with the toggle before
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
