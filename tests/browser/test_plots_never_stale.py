"""Issue 34: plots that never pass for current, plots that show errors, and hints beside the
results. Plots are redrawn after every run that loads the code (on a pass the curves lie on
each other); after a change or a run that did not load they are marked as earlier code's with
a one-click redraw; when the code raises at every point, one line replaces them. Values that
are not finite are marked at the frame's edge in the warning colour and named, as are the
points where the code raises; a long text alternative is folded by CSS only, whole for screen
readers; the legend shows line samples. Real Chromium against the built site, one page for
the module (`shared_page`)."""
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


# nan below mu = -2 (7 of the 41 points); raises above mu = 2.
NAN_LEFT = ("import numpy as np\n\ndef kl_diag_gaussian(mu, logvar):\n    if mu[0, 0] > 2:\n"
            "        raise ValueError('too far')\n    if mu[0, 0] < -2:\n        return np.array([np.nan])\n"
            "    return 0.5 * np.sum(np.exp(logvar) + mu**2 - 1.0 - logvar, axis=1)\n")

# Pixels of the mu plot's canvas in the theme's warning colour (--fail), within a small distance.
WARNING_PIXELS = """() => {
  const canvas = document.querySelector("[data-testid=plot][data-sweep=mu] canvas");
  const probe = document.createElement("span");
  probe.style.color = getComputedStyle(document.documentElement).getPropertyValue("--fail");
  document.body.append(probe);
  const [r, g, b] = getComputedStyle(probe).color.match(/\\d+/g).map(Number);
  probe.remove();
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 30 && data[i + 3] > 200) count += 1;
  }
  return count;
}"""


def plot_with(page, code: str):
    page.evaluate("(code) => window.exercise.setCode(code)", code)
    page.evaluate("() => window.exercise.plot()")


def test_nan_is_marked_at_the_frame_edge_and_named_as_are_points_that_raise(shared_page):
    page = shared_page
    page.set_viewport_size({"width": 1366, "height": 768})
    plot_with(page, REFERENCE)
    assert page.evaluate(WARNING_PIXELS) == 0, "the reference's plot has no warning marks"
    plot_with(page, NAN_LEFT)
    assert page.evaluate(WARNING_PIXELS) > 40, "the nan points are marked in the warning colour"
    alt = page.locator("[data-testid=plot][data-sweep=mu] [data-testid=plot-alt]")
    text = alt.text_content()
    assert "Your code returns nan at mu = -3 and at 6 more points: marked at the top or bottom edge of the plot." in text
    assert "Your code raises at mu = 2.1: ValueError: too far (and at 6 more points)." in text, text


def test_a_long_text_alternative_is_folded_but_whole_for_screen_readers(shared_page):
    page = shared_page
    page.set_viewport_size({"width": 1366, "height": 768})
    plot_with(page, NAN_LEFT)
    figure = page.locator("[data-testid=plot][data-sweep=mu]")
    alt = figure.locator("[data-testid=plot-alt]")
    text = alt.text_content()
    assert len(text) > 220 and "raises at mu = 2.1" in text and "returns nan" in text
    clamped = "(el) => ({ folded: el.classList.contains('folded'), clipped: el.scrollHeight > el.clientHeight + 2 })"
    assert alt.evaluate(clamped) == {"folded": True, "clipped": True}
    # Folded by CSS only: the whole text stays in the accessibility tree (not hidden, no aria-hidden).
    assert alt.evaluate("(el) => !el.closest('[aria-hidden=true], [hidden]') && getComputedStyle(el).display !== 'none'")
    assert page.get_by_role("figure").filter(has_text="raises at mu = 2.1").count() >= 1
    more = figure.locator("button.plot-alt-more")
    assert more.get_attribute("aria-expanded") == "false"
    more.click()
    assert more.get_attribute("aria-expanded") == "true"
    assert alt.evaluate(clamped) == {"folded": False, "clipped": False}
    # A short one is not folded.
    plot_with(page, REFERENCE)
    assert page.locator("[data-testid=plot] button.plot-alt-more").count() == 0


def test_the_legend_shows_line_samples_dashed_for_the_learners_curve(shared_page):
    page = shared_page
    plot_with(page, REFERENCE)
    markers = page.locator("[data-testid=plot][data-sweep=mu] .u-legend .u-marker")
    styles = markers.evaluate_all("""(marks) => marks.map((m) => { const s = getComputedStyle(m);
        return { width: m.getBoundingClientRect().width, height: m.getBoundingClientRect().height, style: s.borderTopStyle,
                 background: s.backgroundColor }; })""")
    shown = [s for s in styles if s["width"] > 0]
    assert [s["style"] for s in shown] == ["solid", "dashed"], styles
    assert all(s["width"] > 3 * s["height"] for s in shown), "a line, not a square"
