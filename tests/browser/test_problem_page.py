"""The problem page as a learner meets it: real Pyodide in headless Chromium, over http.

Two journeys, one page each (a page load boots Python: issue 30): a first visit in both
engines (loading steps, hints, a time-out, a reload), and one Chromium page through every
kind of result a run can give, each broken run followed by a passing one."""
from __future__ import annotations

import re

import pytest
from helpers import (
    SLUG,
    axe_violations,
    open_problem,
    outcomes,
    record_statuses,
    run_code,
    source,
    summary,
    wait_ready,
)

REFERENCE = source(f"solutions/{SLUG}/reference.py")
STARTER = source(f"exercise/{SLUG}/starter.py")
BATCH_SUM = source(f"solutions/{SLUG}/wrong/batch_sum.py")
TOTAL = 10
LOOP = "def vae_elbo_loss(x, x_recon, mu, logvar):\n    while True:\n        pass\n"
BROKEN = [
    ("def vae_elbo_loss(x, x_recon, mu, logvar)\n    return 0.0\n", "SyntaxError"),
    ("raise RuntimeError('broken at import')\n", "RuntimeError: broken at import"),
    ("import sys\nsys.exit(3)\n", "SystemExit: 3"),
    ("def vae_elbo_loss(x, x_recon, mu, logvar):\n    return vae_elbo_loss(x, x_recon, mu, logvar)\n", "RecursionError"),
    ("def vae_elbo_loss(x, x_recon, mu, logvar):\n    return 'zero'\n", "expected a single number, got str"),
]
# Right on a batch of two (every sweep of this problem uses one), wrong on any other batch.
RIGHT_ONLY_FOR_PAIRS = (REFERENCE + "\n\n_right = vae_elbo_loss\n\n\n"
                        "def vae_elbo_loss(x, x_recon, mu, logvar):\n"
                        "    loss = _right(x, x_recon, mu, logvar)\n"
                        "    return loss if len(x) == 2 else 1.5 * loss\n")
PLOT_ALT = "[data-testid=plot-alt]"


# ---------------------------------------------------------------- a first visit, both engines
def status_names_each_loading_step_before_ready(page) -> None:
    wait_ready(page)
    statuses = page.evaluate("() => window.__statuses")
    loading = [s for s in statuses if s.startswith("loading: ")]
    assert statuses[-1] == "ready: Ready", statuses
    assert [s for s in statuses if not s.startswith("loading: ")] == ["ready: Ready"], statuses
    for step in ("Python", "numpy", "test runner", "tests"):
        assert any(step in s for s in loading), (step, statuses)


def offline_status_says_the_browser_refused(page) -> None:
    # This context blocks service workers (tests/browser/conftest.py), as a browser may: the
    # status line says so in words, not with a script error.
    page.wait_for_selector("[data-testid=offline-status][data-state=failed]", timeout=30_000)
    assert page.text_content("[data-testid=offline-status]") == (
        "Not saved for offline use: this browser does not let the site install its service worker here")


def hints_are_shown_one_at_a_time(page) -> None:
    hints = page.locator("[data-hint]")
    assert hints.count() >= 2
    assert hints.nth(0).is_hidden(), "no hint shown before asked"
    page.click("[data-testid=hint]")
    assert hints.nth(0).is_visible() and hints.nth(1).is_hidden(), "one hint per press"


def infinite_loop_times_out_and_next_run_works(page) -> None:
    result = run_code(page, LOOP)
    assert result["timedOut"] is True
    # The status said so (until the next spare is ready, which a restore makes quick).
    statuses = page.evaluate("() => window.__statuses")
    assert any(s.startswith("timeout: ") and "Stopped after 10 s" in s for s in statuses), statuses
    assert axe_violations(page) == [], "axe, timed out"   # checked here: this state costs 10 s to reach
    assert summary(page) == (0, TOTAL)
    assert set(outcomes(page).values()) == {"error"}
    assert "Timed out" in page.text_content("[data-testid=summary]")
    result = run_code(page, REFERENCE)   # waits for the fresh runtime, then runs
    assert (result["passed"], result["total"]) == (TOTAL, TOTAL), "the run after a time-out"
    # The plots of the passing run are drawn after its result; then the page says Ready.
    page.wait_for_selector("[data-testid=status][data-state=ready]", state="attached", timeout=60_000)


def code_and_hints_survive_a_reload(page) -> None:
    page.click("[data-testid=editor] .cm-content")
    page.keyboard.press("Control+End")
    page.keyboard.insert_text("\n# my work in progress\n")
    page.wait_for_timeout(500)   # saving is debounced while typing
    page.reload()
    page.wait_for_selector("[data-testid=editor] .cm-content")
    assert "# my work in progress" in page.evaluate("() => window.exercise.getCode()"), "code after a reload"
    hints = page.locator("[data-hint]")
    assert hints.nth(0).is_visible() and hints.nth(1).is_hidden(), "hints after a reload"


@pytest.mark.both_engines
def test_loading_steps_hints_a_time_out_and_a_reload_that_keeps_code_and_hints(page, base_url):
    """A first visit, one page: the status names each loading step, then Ready; the offline
    status says the browser refused the service worker -> hints show
    one at a time -> an endless loop times out (status, summary, rows; accessible) and the next
    run passes on a fresh runtime -> typed code and the hint shown survive a reload."""
    record_statuses(page)
    open_problem(page, base_url)
    status_names_each_loading_step_before_ready(page)
    offline_status_says_the_browser_refused(page)
    hints_are_shown_one_at_a_time(page)
    infinite_loop_times_out_and_next_run_works(page)
    code_and_hints_survive_a_reload(page)


# ---------------------------------------------------------------- every kind of result, Chromium
def ctrl_enter_runs_the_starter_which_fails_every_test(page) -> None:
    assert page.evaluate("() => window.exercise.getCode()") == STARTER, "a first visit shows the starter"
    page.click("[data-testid=editor] .cm-content")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("[data-testid=summary][data-total]")
    assert summary(page) == (0, TOTAL), "Ctrl+Enter ran the starter"
    rows = outcomes(page)
    assert len(rows) == TOTAL and "Loss is the batch mean" in rows, rows
    assert set(rows.values()) == {"error"}, rows
    assert "NotImplementedError" in page.text_content("[data-testid=results]")


def batch_sum_fails_the_batch_mean_test_and_is_named(page) -> None:
    run_code(page, BATCH_SUM)
    rows = outcomes(page)
    assert rows["Loss is the batch mean"] == "failed"
    assert rows["Perfect reconstruction with prior-matching posterior is 0"] == "passed"
    message = page.locator("[data-testid=result][data-name='Loss is the batch mean'] .message").text_content()
    assert "two examples with losses 4 and 9: expected 6.5, got 13" in message
    diagnosis = page.locator("[data-testid=diagnosis]")
    assert diagnosis.get_attribute("data-misconception") == "batch_sum"
    assert "summed over" in diagnosis.text_content() or "instead of averaging" in diagnosis.text_content()


def equal_weights_show_no_points(page) -> None:
    """Issue 31 (test_points_shown.py has the weighted half): vae_elbo_loss weighs its tests alike."""
    assert page.locator("[data-testid=test-points]").count() == 0, "points in the test list"
    assert page.locator("[data-testid=result]").count() > 0
    assert page.locator("[data-testid=row-points]").count() == 0, "points on a result row"


def failure_shows_learner_lines_not_test_source(page) -> None:
    run_code(page, "import numpy as np\n\ndef vae_elbo_loss(x, x_recon, mu, logvar):\n    return 1 / 0\n")
    text = page.text_content("[data-testid=results]")
    assert "ZeroDivisionError: division by zero" in text
    assert "line 4, in vae_elbo_loss: return 1 / 0" in text
    assert "def test_" not in page.content() and "assert_close" not in text


def a_plot_that_agrees_while_tests_fail_says_the_tests_differ_elsewhere(page) -> None:
    result = run_code(page, RIGHT_ONLY_FOR_PAIRS)
    assert result["passed"] < result["total"]
    page.evaluate("() => window.exercise.plot()")
    texts = page.locator(PLOT_ALT).all_text_contents()
    assert texts and all("on this sweep; the failing tests differ elsewhere." in t for t in texts), texts


def broken_code_gives_a_clear_result(page, code: str, expected: str) -> None:
    result = run_code(page, code)
    assert result["passed"] < result["total"] == TOTAL, (expected, result["passed"], result["total"])
    shown = page.text_content("main")
    assert expected in shown, (expected, shown[-2000:])


# Each passes every test: run after broken code, each proves the page still works.
def printed_html_is_shown_as_text(page) -> None:
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    payload = "<img src=x onerror=alert(1)>"
    result = run_code(page, REFERENCE.replace("    x, x_recon", f"    print({payload!r})\n    x, x_recon", 1))
    assert result["passed"] == TOTAL, "printing HTML"
    # Printed during a test: shown under that test's row.
    stdout = page.locator("[data-testid=result] [data-testid=row-stdout]").first
    assert payload in stdout.text_content()
    assert page.locator("[data-testid=results] img").count() == 0, "printed HTML made an element"
    page.wait_for_timeout(300)
    page.remove_listener("dialog", dismiss)
    assert dialogs == [], "printed HTML ran script"


def huge_output_is_cut_with_a_note(page) -> None:
    code = REFERENCE.replace("    x, x_recon", "    print('spam ' * 200_000)\n    x, x_recon", 1)
    result = run_code(page, code)
    assert result["passed"] == TOTAL, "printing a lot"
    # Cut where cutting began: on the first row that printed, not under the loading output.
    assert "output cut" not in page.text_content("[data-testid=stdout]")
    text = page.locator("[data-testid=result] [data-testid=row-stdout]").first.text_content()
    assert len(text) < 25_000 and "output cut here" in text


def reference_typed_into_the_editor_passes_everything(page) -> None:
    assert page.get_attribute("[data-testid=summary]", "data-passed") != str(TOTAL), "a failing run came before"
    page.click("[data-testid=editor] .cm-content")
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(REFERENCE)
    assert page.evaluate("() => window.exercise.getCode()") == REFERENCE, "typed"
    page.click("[data-testid=run]")
    page.wait_for_selector(f"[data-testid=summary][data-passed='{TOTAL}']")
    assert summary(page) == (TOTAL, TOTAL)
    assert set(outcomes(page).values()) == {"passed"}
    assert "10/10 passed" in page.text_content("[data-testid=summary]")
    assert page.is_visible("[data-testid=solved]")
    assert page.locator("[data-testid=diagnosis]").is_hidden()


def run_pressed_while_the_plots_are_drawn_still_runs(page) -> None:
    # After a failing run the page plots on its own; a press of Run meanwhile was dropped.
    assert page.get_attribute("[data-testid=summary]", "data-passed") != str(TOTAL), "a failing run came before"
    wait_ready(page)
    slow = "import time\n\ndef vae_elbo_loss(x, x_recon, mu, logvar):\n    time.sleep(0.05)\n    return 0.0\n"
    page.evaluate("(code) => window.exercise.setCode(code)", slow)
    page.evaluate("() => { window.exercise.plot(); }")   # not awaited: still plotting below
    page.wait_for_selector("[data-testid=status][data-state=running]")
    page.evaluate("(code) => window.exercise.setCode(code)", REFERENCE)
    assert page.get_attribute("[data-testid=run]", "aria-disabled") != "true", "Run is open while plots are drawn"
    page.click("[data-testid=run]", force=True)   # pressed now, not once the plots are done
    page.wait_for_selector(f"[data-testid=summary][data-passed='{TOTAL}']")


def the_reference_plot_agrees_in_the_plain_sentence(page) -> None:
    result = run_code(page, REFERENCE)
    assert result["passed"] == TOTAL, "the reference"
    page.evaluate("() => window.exercise.plot()")
    texts = page.locator(PLOT_ALT).all_text_contents()
    assert texts and not any("differ elsewhere" in t for t in texts), texts


PASSING_AFTER_BROKEN = [printed_html_is_shown_as_text, huge_output_is_cut_with_a_note,
                        reference_typed_into_the_editor_passes_everything,
                        run_pressed_while_the_plots_are_drawn_still_runs,
                        the_reference_plot_agrees_in_the_plain_sentence]


def reset_asks_first(page) -> None:
    page.evaluate("() => window.exercise.setCode('# mine\\n')")
    page.once("dialog", lambda d: d.dismiss())
    page.click("[data-testid=reset]")
    assert page.evaluate("() => window.exercise.getCode()") == "# mine\n", "reset refused"
    page.once("dialog", lambda d: d.accept())
    page.click("[data-testid=reset]")
    assert page.evaluate("() => window.exercise.getCode()") == STARTER, "reset accepted"


def test_every_kind_of_result_on_one_page_and_no_request_leaves_the_origin(page, base_url):
    """One page, every request recorded: Ctrl+Enter runs the starter, which fails every test
    -> a known mistake fails its test and is named (no points shown: equal weights) -> a
    failure shows the learner's lines, not the tests' -> a plot that agrees while tests fail
    says the tests differ elsewhere -> each kind of broken code (syntax, import, exit,
    recursion, wrong type) gives a clear result, and the next run passes: printed HTML shown
    as text, huge output cut, the reference typed, Run pressed while plots are drawn, the
    reference's plot in the plain sentence -> reset asks first -> the index; no request left
    the origin."""
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_problem(page, base_url)
    wait_ready(page)
    ctrl_enter_runs_the_starter_which_fails_every_test(page)
    batch_sum_fails_the_batch_mean_test_and_is_named(page)
    equal_weights_show_no_points(page)
    failure_shows_learner_lines_not_test_source(page)
    a_plot_that_agrees_while_tests_fail_says_the_tests_differ_elsewhere(page)
    for (code, expected), passing in zip(BROKEN, PASSING_AFTER_BROKEN, strict=True):
        broken_code_gives_a_clear_result(page, code, expected)
        passing(page)
    reset_asks_first(page)
    page.goto(base_url)
    page.wait_for_selector("[data-testid=problem]")
    assert requests, "no request recorded"
    outside = [url for url in requests if not url.startswith(base_url) and not url.startswith(("data:", "blob:"))]
    assert outside == []
    assert any(re.search(r"pyodide\.asm\.wasm$", url) for url in requests)
