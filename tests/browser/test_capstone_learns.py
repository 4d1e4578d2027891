"""Issue 34: the capstone (vae_digits). A wrong encoder gradient (tanh's derivative left out)
fails the gradient rows of the encoder and is named by the diagnosis; the reconstructions plot
shows the untrained model's row, so what training changed is visible."""
from __future__ import annotations

from helpers import outcomes, run_code, source

SLUG = "vae_digits"
WRONG_ENCODER = source(f"solutions/{SLUG}/wrong/encoder_tanh_derivative_missing.py")


def test_a_wrong_encoder_gradient_fails_and_is_named(shared_page):
    page = shared_page
    result = run_code(page, WRONG_ENCODER)
    assert result["passed"] < result["total"]
    rows = outcomes(page)
    failing = sorted(name for name, outcome in rows.items() if outcome != "passed")
    assert any("W_enc" in name for name in failing) and any("b_enc" in name for name in failing), failing
    assert not any(key in name for name in failing for key in ("W_out", "W_hid", "W_mu")), "only the encoder's gradients"
    diagnosis = page.locator("[data-testid=diagnosis]")
    assert diagnosis.get_attribute("data-misconception") == "encoder_tanh_derivative_missing"
    assert "tanh" in diagnosis.text_content() and "reference" not in diagnosis.text_content().lower()


def test_the_reconstructions_show_the_untrained_model(shared_page):
    page = shared_page
    run_code(page, source(f"solutions/{SLUG}/reference.py"))
    page.evaluate("() => window.exercise.plot(false)")
    alt = page.locator("[data-testid=plot][data-sweep=reconstructions] [data-testid=plot-alt]").text_content()
    assert "the inputs, the model's before training, the reference's and your code's" in alt, alt
    assert "Your images match the reference's." in alt
