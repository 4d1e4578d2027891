"""The learner's page, second edition (issue 12): accessible in every state and in dark mode,
usable on a phone, math set like a textbook, errors in the editor, output per test, a
Try-it console and the learner's path. Real Chromium against the built site."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from helpers import (
    PHONE,
    ROOT,
    SLUG,
    axe_violations,
    open_on_a_phone,
    open_problem,
    run_code,
    source,
    summary,
)

REFERENCE = source(f"solutions/{SLUG}/reference.py")
BATCH_SUM = source(f"solutions/{SLUG}/wrong/batch_sum.py")
TOTAL = 10
DIVIDE = "import numpy as np\n\ndef vae_elbo_loss(x, x_recon, mu, logvar):\n    return 1 / 0\n"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "screenshots"))


def wait_ready(page):
    # On a phone the status line sits in the hidden Code view: wait for its state, not its visibility.
    page.wait_for_selector("[data-testid=status][data-state=ready]", state="attached", timeout=90_000)


def printing(code: str, at_import: str, in_function: str) -> str:
    """`code` that prints `at_import` when loaded and `in_function` on every call."""
    return re.sub(r"^(def vae_elbo_loss\(.*\):)$", lambda m: f"{m.group(1)}\n    print({in_function!r})",
                  f"print({at_import!r})\n" + code, count=1, flags=re.M)


def show_all_hints(page):
    while page.is_visible("[data-testid=hint]"):
        page.click("[data-testid=hint]")


# ---------------------------------------------------------------- 1. accessible
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_any_state(browser, base_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(base_url)
        assert page.evaluate("() => document.documentElement.dataset.theme") == scheme
        assert axe_violations(page) == [], "index"
        open_problem(page, base_url)
        states = {}
        if page.get_attribute("[data-testid=status]", "data-state") == "loading":
            states["loading"] = axe_violations(page)
        assert scheme == "dark" or "loading" in states, "Python was ready before the page could be checked"
        wait_ready(page)
        states["ready"] = axe_violations(page)
        run_code(page, printing(BATCH_SUM, "<b>at import</b>", "in a test"))
        assert page.is_visible("[data-testid=diagnosis]") and page.is_visible("[data-testid=stdout]")
        assert page.locator("[data-testid=row-stdout]").count() == TOTAL
        states["failures, printed output, diagnosis"] = axe_violations(page)
        run_code(page, "raise RuntimeError('at import')\n")
        states["load error"] = axe_violations(page)
        show_all_hints(page)
        page.click("[data-testid=try-run]")
        page.wait_for_selector("[data-testid=try-output][data-state]:not([data-state=running])")
        states["hints, try output"] = axe_violations(page)
        run_code(page, REFERENCE)
        assert page.is_visible("[data-testid=solved]") and page.is_visible("[data-testid=next]")
        states["solved"] = axe_violations(page)
        assert states == {name: [] for name in states}
        # Phone width: one view at a time, each checked.
        page.set_viewport_size({"width": 390, "height": 844})
        for view in ("statement", "code", "results"):
            page.click(f".views [data-view={view}]")
            assert axe_violations(page) == [], view
    finally:
        context.close()


@pytest.mark.both_engines
def test_the_editor_never_traps_the_keyboard(page, base_url):
    open_problem(page, base_url)
    wait_ready(page)
    code = page.evaluate("() => window.exercise.getCode()")
    active = "() => document.activeElement.dataset.testid || document.activeElement.className"
    # Arriving by keyboard (Shift+Tab from Run), Tab moves on instead of indenting.
    page.focus("[data-testid=run]")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('cm-content')")
    page.keyboard.press("Tab")
    assert page.evaluate(active) == "run"
    assert page.evaluate("() => window.exercise.getCode()") == code
    # Once the learner is editing, Tab indents; Esc then Tab leaves, as the hint beside the editor says.
    page.click("[data-testid=editor] .cm-content")
    page.keyboard.press("Control+End")
    page.keyboard.type("\nx = 1\n")
    page.keyboard.press("Tab")
    assert page.evaluate("() => window.exercise.getCode()").endswith("x = 1\n    ")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate(active) == "run"
    assert page.evaluate("() => window.exercise.getCode()").endswith("x = 1\n    ")
    assert "Esc" in page.text_content("#editor-keys") and "Tab" in page.text_content("#editor-keys")
    assert page.get_attribute("[data-testid=editor] .cm-content", "aria-describedby") == "editor-keys"
    # Focus is visible on the button and around the editor.
    outline = "(s) => { const c = getComputedStyle(document.querySelector(s)); return [c.outlineStyle, parseFloat(c.outlineWidth)]; }"
    style, width = page.evaluate(outline, "[data-testid=run]")
    assert style != "none" and width >= 2
    page.keyboard.press("Shift+Tab")
    style, width = page.evaluate(outline, "[data-testid=editor]")
    assert style != "none" and width >= 2
    # Focus stays on Run after a run started from the keyboard.
    page.focus("[data-testid=run]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=summary][data-passed]")
    assert page.evaluate(active) == "run"
    # The summary is announced.
    assert page.get_attribute("[data-testid=summary]", "aria-live") == "polite"
    # Hints keep focus in the hint area, also after the last one hid the button.
    page.focus("[data-testid=hint]")
    for _ in range(page.locator("[data-hint]").count()):
        page.keyboard.press("Enter")
        assert page.evaluate("() => Boolean(document.activeElement.closest('.hints'))")
    assert page.is_hidden("[data-testid=hint]")
    assert page.evaluate("() => document.activeElement.hasAttribute('data-hint')")


# ---------------------------------------------------------------- 2. dark mode
def luminance(rgb: str) -> float:
    r, g, b = (int(v) for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.both_engines
def test_dark_mode_follows_the_system_and_the_toggle_is_remembered(browser, base_url):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        open_problem(page, base_url)
        background = "(s) => getComputedStyle(document.querySelector(s)).backgroundColor"
        assert luminance(page.evaluate(background, "body")) < 0.2
        assert luminance(page.evaluate(background, "[data-testid=editor] .cm-editor")) < 0.2
        assert luminance(page.evaluate("() => getComputedStyle(document.querySelector('.cm-content')).color")) > 0.7
        assert page.get_attribute("[data-testid=theme]", "aria-pressed") == "true"
        page.click("[data-testid=theme]")
        assert luminance(page.evaluate(background, "body")) > 0.8
        assert luminance(page.evaluate(background, "[data-testid=editor] .cm-editor")) > 0.8
        page.goto(base_url)   # remembered across pages and reloads, though the system says dark
        assert page.evaluate("() => document.documentElement.dataset.theme") == "light"
        assert page.get_attribute("[data-testid=theme]", "aria-pressed") == "false"
    finally:
        context.close()


# ---------------------------------------------------------------- 3. phones
def test_on_a_phone_one_view_at_a_time_nothing_scrolls_sideways(browser, base_url):
    context = browser.new_context(**PHONE)
    try:
        page = open_on_a_phone(context, base_url)
        header = page.locator(".site-header").bounding_box()
        link = page.locator(".site-header .home").bounding_box()
        assert header["height"] < 2 * link["height"] + 20, "the header wraps"
        wide = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        assert page.is_visible("[data-testid=editor]") is False
        page.tap(".views [data-view=code]")   # the editor is one tap away, near the top
        box = page.locator("[data-testid=editor]").bounding_box()
        assert page.is_visible("[data-testid=editor]") and box["y"] < 844 / 2
        assert page.evaluate(wide) == 0
        wait_ready(page)
        page.evaluate("(code) => window.exercise.setCode(code)",
                      BATCH_SUM + "\n# " + "a long comment line " * 20 + "\n")
        page.tap("[data-testid=run]")
        page.wait_for_selector(".views [data-view=results] .views-count:text('/10')")
        page.tap(".views [data-view=results]")
        assert page.is_visible("[data-testid=summary]") and summary(page)[1] == TOTAL
        assert page.evaluate(wide) == 0
        page.tap(".views [data-view=statement]")
        assert page.evaluate(wide) == 0
        # A formula wider than the phone scrolls inside its own box, which the keyboard can reach.
        formulas = page.evaluate("""() => [...document.querySelectorAll('.math-display')].map((box) =>
            ({scrolls: box.scrollWidth > box.clientWidth, reachable: box.tabIndex === 0}))""")
        assert all(f["reachable"] for f in formulas if f["scrolls"]) and any(f["scrolls"] for f in formulas)
    finally:
        context.close()


# ---------------------------------------------------------------- 4. math
def test_a_display_sum_has_its_limits_above_and_below_and_a_large_glyph(shared_page):
    page = shared_page
    page.evaluate("() => document.fonts.ready")
    # Boxes of the text itself (ranges), not of KaTeX's struts: the sum of 1/N sum_{i=1}^{N}.
    found = page.evaluate("""() => {
        const box = (node) => { const r = document.createRange(); r.selectNodeContents(node); return r.getBoundingClientRect(); };
        const body = parseFloat(getComputedStyle(document.body).fontSize);
        for (const op of document.querySelectorAll('.katex-display .mop.op-limits')) {
            const glyph = op.querySelector('.large-op');
            if (!glyph || glyph.textContent !== '∑') continue;
            const texts = [];
            const walker = document.createTreeWalker(op, NodeFilter.SHOW_TEXT);
            for (let n; (n = walker.nextNode());) if (n.textContent.replace(/\u200b/g, '').trim() && !glyph.contains(n)) texts.push(n);
            const text = texts.map((n) => n.textContent).join('');
            if (!text.includes('N')) continue;
            const limit = (nodes) => { const rs = nodes.map(box); const top = Math.min(...rs.map((r) => r.top));
                const bottom = Math.max(...rs.map((r) => r.bottom)); const left = Math.min(...rs.map((r) => r.left));
                const right = Math.max(...rs.map((r) => r.right));
                return { text: nodes.map((n) => n.textContent).join(''), middle: (top + bottom) / 2, center: (left + right) / 2 }; };
            const g = box(glyph.firstChild);
            return { body, glyph: { top: g.top, bottom: g.bottom, height: g.height, center: (g.left + g.right) / 2 },
                     above: limit(texts.filter((n) => n.textContent === 'N')),
                     below: limit(texts.filter((n) => n.textContent !== 'N')) };
        }
        return null;
    }""")
    assert found, "no display-mode sum with limits on the page"
    glyph, above, below = found["glyph"], found["above"], found["below"]
    assert above["text"] == "N" and below["text"] == "i=1", found
    # Limits above and below (not beside): centred on the glyph, past its upper and lower quarters.
    assert above["middle"] < glyph["top"] + glyph["height"] / 4, found
    assert below["middle"] > glyph["bottom"] - glyph["height"] / 4, found
    for limit in (above, below):
        assert abs(limit["center"] - glyph["center"]) < 3, found
    assert glyph["height"] > 1.5 * found["body"], found


# ---------------------------------------------------------------- 5. errors where the code is
def test_failing_line_is_marked_in_the_gutter_and_tracebacks_link_to_it(page, base_url):
    open_problem(page, base_url)
    run_code(page, DIVIDE)
    # The failing run's plots are drawn after its result and scroll the page; hover once
    # settled, from the top (with the page scrolled far down, CodeMirror's gutter tooltip does
    # not open beside the sticky editor: left open, see the closing note of issue 34).
    page.wait_for_selector("[data-testid=status][data-state=ready]", state="attached")
    page.evaluate("() => window.scrollTo(0, 0)")
    markers = page.locator("[data-testid=editor] .cm-lint-marker-error")
    assert markers.count() == 1
    line_of_marker = page.evaluate("""() => {
        const m = document.querySelector('.cm-lint-marker-error').getBoundingClientRect();
        const lines = [...document.querySelectorAll('.cm-line')];
        return lines.findIndex((l) => { const r = l.getBoundingClientRect(); return r.top <= m.top + m.height / 2 && m.top + m.height / 2 <= r.bottom; }) + 1;
    }""")
    assert line_of_marker == 4
    markers.first.hover()
    tooltip = page.wait_for_selector(".cm-tooltip-lint")
    assert "ZeroDivisionError: division by zero" in tooltip.text_content()
    page.mouse.move(0, 0)
    page.click("[data-testid=editor] .cm-content")
    page.keyboard.press("Control+Home")
    # Every test failed the same way: the line is linked once, from their group.
    page.locator("[data-testid=results] .line-link").first.click()
    assert page.text_content("[data-testid=editor] .cm-activeLine") == "    return 1 / 0"
    assert page.evaluate("() => document.activeElement.classList.contains('cm-content')")


def test_an_error_that_stops_every_test_is_shown_once(shared_page):
    page = shared_page
    result = run_code(page, "import numpy as np\n\nraise RuntimeError('broken at import')\n")
    assert result["stop"]["kind"] == "load_error" and result["stop"]["line"] == 3
    assert "broken at import" in page.text_content("[data-testid=notice]")
    assert "broken at import" not in page.text_content("[data-testid=results]")
    assert page.is_visible("[data-testid=notice]")
    # The rows it never ran: one line, every row still there inside it.
    assert page.text_content("[data-testid=result-group][data-kind=not-run] summary") == f"{TOTAL} tests not run"
    assert page.locator("[data-testid=result-group] [data-testid=result]").count() == TOTAL
    assert page.locator("[data-testid=result]").count() == TOTAL
    assert page.locator("[data-testid=editor] .cm-lint-marker-error").count() == 1


# ---------------------------------------------------------------- 6. output per test
def test_output_is_shown_under_each_test_and_once_for_import(shared_page):
    page = shared_page
    result = run_code(page, printing(REFERENCE, "loading now", "inside"))
    assert result["passed"] == TOTAL
    assert page.text_content("[data-testid=stdout]").strip() == "loading now"
    assert page.text_content("#results-panel").count("loading now") == 1
    for row in result["rows"]:
        shown = page.locator(f"[data-testid=result][data-id='{row['id']}'] [data-testid=row-stdout]")
        assert shown.text_content() == row["stdout"] and "inside" in row["stdout"]
    # Long output starts collapsed, inside its own bounded box.
    run_code(page, printing(REFERENCE, "", "\n".join(map(str, range(50)))))
    details = page.locator("[data-testid=result] details.row-output").first
    assert details.get_attribute("open") is None and "Printed 51 lines" in details.text_content()


# ---------------------------------------------------------------- 7. try it
@pytest.mark.both_engines
def test_try_it_runs_a_snippet_without_the_tests(page, base_url):
    open_problem(page, base_url)
    snippet = page.locator("[data-testid=try-snippet]")
    assert "vae_elbo_loss(x, x_recon, mu, logvar)" in snippet.input_value()
    wait_ready(page)
    page.evaluate("(code) => window.exercise.setCode(code)", printing(REFERENCE, "", "called"))
    page.click("[data-testid=try-run]")
    output = page.locator("[data-testid=try-output]")
    page.wait_for_selector("[data-testid=try-output][data-state=done]")
    assert output.text_content() == "\ncalled\n0.0"   # the empty line is printed at import
    assert page.get_attribute("[data-testid=summary]", "data-total") is None   # no tests ran
    # Shift+Enter runs it; an error points at the learner's line.
    page.evaluate("(code) => window.exercise.setCode(code)", DIVIDE)
    snippet.fill("vae_elbo_loss(1, 2, 3, 4)")
    snippet.press("Shift+Enter")
    page.wait_for_selector("[data-testid=try-output][data-state=error]")
    assert "ZeroDivisionError" in output.text_content() and "line 4" in output.text_content()
    assert snippet.input_value() == "vae_elbo_loss(1, 2, 3, 4)"   # Shift+Enter did not add a line
    # The time limit applies, and a fresh runtime serves the next snippet.
    page.evaluate("(code) => window.exercise.setCode(code)", "def vae_elbo_loss(*a):\n    while True:\n        pass\n")
    answer = page.evaluate("() => window.exercise.tryIt()")
    assert answer["timedOut"] is True and "Stopped after 10 s" in output.text_content()
    page.evaluate("(code) => window.exercise.setCode(code)", REFERENCE)
    assert page.evaluate("() => window.exercise.tryIt('1 + 1')")["value"] == "2"


# ---------------------------------------------------------------- 8. the learner's path
def test_the_learners_path(page, base_url):
    page.goto(base_url)
    rows = page.locator("[data-testid=problem]")
    n = rows.count()
    assert page.text_content("[data-testid=progress]") == f"0 of {n} solved"
    assert "kl_diag_gaussian" not in page.text_content(f"[data-testid=problem][data-slug={SLUG}] .after")
    assert page.locator(f"[data-testid=problem][data-slug={SLUG}] .after a[href='kl_diag_gaussian.html']").count() == 1
    open_problem(page, base_url)
    hints = page.locator("[data-hint]")
    page.click("[data-testid=hint]")
    assert hints.nth(0).text_content().startswith(f"Hint 1 of {hints.count()}")
    # Hints sit with the results.
    assert page.locator("#results-panel [data-testid=hint]").count() == 1
    run_code(page, REFERENCE)
    next_link = page.locator("[data-testid=next] a")
    assert next_link.is_visible() and next_link.text_content().startswith("Next: ")
    assert next_link.text_content().endswith("→")
    # The last run comes back after a reload, marked as the saved code's.
    page.reload()
    wait_ready(page)
    assert summary(page) == (TOTAL, TOTAL)
    assert page.is_visible("[data-testid=restored-note]") and page.is_hidden("[data-testid=stale-note]")
    # Reset asks, then asks whether to hide the hints shown.
    answers = iter([True, True])
    asked = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept() if next(answers) else d.dismiss()))
    page.click("[data-testid=reset]")
    assert len(asked) == 2 and "hint" in asked[1]
    assert hints.nth(0).is_hidden() and page.is_visible("[data-testid=stale-note]")
    page.goto(base_url)
    assert page.text_content("[data-testid=progress]") == f"1 of {n} solved"
    first_unsolved = next(rows.nth(i) for i in range(n) if rows.nth(i).get_attribute("data-solved") == "false")
    continue_link = page.locator("[data-testid=continue]")
    assert continue_link.get_attribute("href") == first_unsolved.get_attribute("data-slug") + ".html"
    assert continue_link.text_content().startswith("Continue: ")


# ---------------------------------------------------------------- 9. pictures
@pytest.mark.parametrize("name, viewport, scheme", [
    ("problem-1366x768", (1366, 768), "light"),
    ("problem-390x844", (390, 844), "light"),
    ("problem-dark-1366x768", (1366, 768), "dark"),
])
def test_screenshots(browser, base_url, name, viewport, scheme):
    """Pictures for a person to look at after `make test` (screenshots/, git-ignored)."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{base_url}{SLUG}.html")
        wait_ready(page)
        run_code(page, BATCH_SUM)
        page.evaluate("() => document.fonts.ready")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(target))
        if viewport[0] < 900:
            page.click(".views [data-view=code]")
            page.screenshot(path=str(SCREENSHOTS / f"{name}-code.png"))
            page.click(".views [data-view=results]")
            page.screenshot(path=str(SCREENSHOTS / f"{name}-results.png"))
        assert target.stat().st_size > 10_000
    finally:
        context.close()
