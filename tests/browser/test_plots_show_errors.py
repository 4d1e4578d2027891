"""Issue 34: plots that show errors. Values that are not finite are marked at the frame's
edge in the warning colour and named; a long text alternative is folded by CSS only, whole
for screen readers; the legend shows line samples. Real Chromium against the built site."""
from __future__ import annotations

from helpers import source

SLUG = "kl_diag_gaussian"
REFERENCE = source(f"solutions/{SLUG}/reference.py")
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


def test_nan_is_marked_at_the_frame_edge_and_named(shared_page):
    page = shared_page
    page.set_viewport_size({"width": 1366, "height": 768})
    plot_with(page, REFERENCE)
    assert page.evaluate(WARNING_PIXELS) == 0, "the reference's plot has no warning marks"
    plot_with(page, NAN_LEFT)
    assert page.evaluate(WARNING_PIXELS) > 40, "the nan points are marked in the warning colour"
    alt = page.locator("[data-testid=plot][data-sweep=mu] [data-testid=plot-alt]")
    text = alt.text_content()
    assert "Your code returns nan at mu = -3 and at 6 more points: marked at the top or bottom edge of the plot." in text


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
