"""Issue 34: plots that never pass for current, and hints beside the results. Plots are
redrawn after every run that loads the code (on a pass the curves lie on each other);
after a change or a run that did not load they are marked as earlier code's with a
one-click redraw; when the code raises at every point, one line replaces them. Real
Chromium against the built site."""
from __future__ import annotations

from helpers import run_code, source

SLUG = "kl_diag_gaussian"
REFERENCE = source(f"solutions/{SLUG}/reference.py")
WRONG = source(f"solutions/{SLUG}/wrong/sign_flipped.py")
# Every test errors before returning: numpy used but never imported.
NO_IMPORT = "def kl_diag_gaussian(mu, logvar):\n    return 0.5 * np.sum(mu, axis=1)\n"


def plot_texts(page) -> dict[str, str]:
    figures = page.locator("[data-testid=plot]")
    return {figures.nth(i).get_attribute("data-sweep"): figures.nth(i).locator("[data-testid=plot-alt]").text_content()
            for i in range(figures.count())}


def plotted(page):
    """Wait for the plots the page draws after a run: those of the last run that loaded."""
    page.evaluate("() => window.exercise.plot(false)")
    page.wait_for_selector("[data-testid=plot-list][data-state=done], [data-testid=plot-list][data-state=error]")


def stale(page) -> bool:
    return (page.get_attribute("[data-testid=plot-list]", "data-stale") == "true"
            and page.locator("[data-testid=plot-stale]").is_visible())


def test_plots_follow_every_run_that_loads_and_say_when_they_are_earlier_code(shared_page):
    page = shared_page
    result = run_code(page, WRONG)
    assert result["passed"] < result["total"]
    plotted(page)
    assert "differ" in plot_texts(page)["mu"]
    # A passing run redraws them: the curves lie on each other, the failing code's plot is gone.
    result = run_code(page, REFERENCE)
    assert result["passed"] == result["total"]
    plotted(page)
    texts = plot_texts(page)
    assert "Your curve lies on the reference's." in texts["mu"], texts
    assert not any("differ" in text for text in texts.values()), texts
    assert not stale(page)
    # A flat check ("input entries changed") says nothing when it holds: not drawn.
    assert "inputs_changed" not in texts
    # A run that does not load (a SyntaxError) leaves the plots of earlier code, marked so.
    result = run_code(page, REFERENCE + "\ndef broken(:\n")
    assert result["stop"]["kind"] == "load_error"
    assert stale(page)
    # An edit marks them too; one click redraws them for the code in the editor.
    page.evaluate("(code) => window.exercise.setCode(code)", REFERENCE + "\n# tidied\n")
    assert stale(page)
    page.click("[data-testid=plot-refresh]")
    page.wait_for_selector("[data-testid=plot-list][data-state=done][data-stale=false]")
    assert page.locator("[data-testid=plot-stale]").is_hidden()
    assert "Your curve lies on the reference's." in plot_texts(page)["mu"]


def test_when_every_point_raises_one_line_replaces_the_plots(shared_page):
    page = shared_page
    result = run_code(page, NO_IMPORT)
    assert result["passed"] == 0
    plotted(page)
    assert page.locator("[data-testid=plot]").count() == 0
    line = page.locator("[data-testid=plot-none]")
    assert line.count() == 1
    assert "NameError: name 'np' is not defined" in line.text_content()


def test_a_departing_flat_check_is_plotted(shared_page):
    page = shared_page
    run_code(page, source(f"solutions/{SLUG}/wrong/modifies_inputs.py"))
    plotted(page)
    assert "inputs_changed" in plot_texts(page)


def test_hints_sit_right_under_the_summary_and_the_diagnosis(shared_page):
    page = shared_page
    page.set_viewport_size({"width": 1366, "height": 768})
    run_code(page, WRONG)
    page.wait_for_selector("[data-testid=diagnosis]:not([hidden])")
    box = lambda selector: page.locator(selector).bounding_box()  # noqa: E731
    diagnosis, hint, results = box("[data-testid=diagnosis]"), box("[data-testid=hint]"), box("[data-testid=results]")
    assert diagnosis["y"] + diagnosis["height"] <= hint["y"] < results["y"], (diagnosis, hint, results)
    assert hint["y"] - (diagnosis["y"] + diagnosis["height"]) < 80, "the hints follow the diagnosis, nothing between"
