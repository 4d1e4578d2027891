"""Feedback that must not mislead: a plot that agrees with the reference while the same code
fails tests says so, and Try-it output of earlier code is marked as such."""
from __future__ import annotations

from helpers import SLUG, run_code, source

REFERENCE = source(f"solutions/{SLUG}/reference.py")
# Right on a batch of two (every sweep of this problem uses one), wrong on any other batch.
RIGHT_ONLY_FOR_PAIRS = (REFERENCE + "\n\n_right = vae_elbo_loss\n\n\n"
                        "def vae_elbo_loss(x, x_recon, mu, logvar):\n"
                        "    loss = _right(x, x_recon, mu, logvar)\n"
                        "    return loss if len(x) == 2 else 1.5 * loss\n")


def test_a_plot_that_agrees_while_tests_fail_says_the_tests_differ_elsewhere(shared_page):
    page = shared_page
    result = run_code(page, RIGHT_ONLY_FOR_PAIRS)
    assert result["passed"] < result["total"]
    page.evaluate("() => window.exercise.plot()")
    texts = page.locator("[data-testid=plot-alt]").all_text_contents()
    assert texts and all("on this sweep; the failing tests differ elsewhere." in t for t in texts), texts
    # The reference's plots agree and its tests pass: the plain sentence.
    run_code(page, REFERENCE)
    page.evaluate("() => window.exercise.plot()")
    texts = page.locator("[data-testid=plot-alt]").all_text_contents()
    assert texts and not any("differ elsewhere" in t for t in texts), texts


def test_try_output_of_earlier_code_is_marked_stale(shared_page):
    page = shared_page
    page.evaluate("(code) => window.exercise.setCode(code)", REFERENCE)
    page.evaluate("() => window.exercise.tryIt('1 + 1')")
    output = page.locator("[data-testid=try-output]")
    assert output.get_attribute("data-stale") == "false" and page.is_hidden("[data-testid=try-stale]")
    page.evaluate("(code) => window.exercise.setCode(code)", REFERENCE + "\n# edited\n")
    assert output.get_attribute("data-stale") == "true" and page.is_visible("[data-testid=try-stale]")
    page.evaluate("() => window.exercise.tryIt()")   # run again: current once more
    assert output.get_attribute("data-stale") == "false" and page.is_hidden("[data-testid=try-stale]")
    page.fill("[data-testid=try-snippet]", "2 + 2")  # another snippet: the output is not its
    assert output.get_attribute("data-stale") == "true"
