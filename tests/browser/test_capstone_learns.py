"""Issue 34: the capstone (vae_digits) visibly learns. A wrong encoder gradient (tanh's
derivative left out, or the logvar head's share left out) fails the gradient rows of the
encoder and the training row, whose held-out curve leaves the reference's, and is named by the
diagnosis; the reference's training beats the mean image, and the reconstructions plot shows
the untrained model's row under the inputs, then the trained model's, close to the inputs."""
from __future__ import annotations

import importlib.util
import re

import numpy as np
import pytest
from helpers import ROOT, outcomes, run_code, source

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
