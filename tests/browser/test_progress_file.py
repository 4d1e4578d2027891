"""Progress that travels: solved in one browser, downloaded from the index, loaded in another
(a fresh browser context: nothing shared) and in Firefox, after a preview that must be
confirmed; the file keeps the newest code (issue 29): it carries the code's stamp, and
loading an older copy never replaces newer code in this browser (web/static/progress.mjs)."""
from __future__ import annotations

import json
import re
import time

import pytest
from helpers import SLUG, axe_violations, open_problem, run_code, source, wait_ready
from playwright.sync_api import expect

REFERENCE = source(f"solutions/{SLUG}/reference.py")
NEXT = "bernoulli_elbo_loss"   # the pager's next problem after SLUG (course.toml's track)
NEWER = "def bernoulli_elbo_loss(*args):\n    return 'typed here, after the file was saved'\n"
OLDER = "def bernoulli_elbo_loss(*args):\n    return 'saved in the file, an hour earlier'\n"


def download_progress(page, base_url, tmp_path):
    page.goto(f"{base_url}index.html")
    with page.expect_download() as info:
        page.get_by_test_id("progress-download").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


@pytest.mark.both_engines
@pytest.mark.firefox_driver_limit("Playwright sees no download event in Firefox over WebDriver BiDi; the "
                                  "Chromium run loads the file it downloaded in Firefox too")
def test_progress_travels_to_another_browser_and_firefox_and_never_replaces_newer_code(
        browser, browsers, page, base_url, tmp_path):
    """Steps: solved in one browser, the progress file downloaded from the index -> another
    browser (nothing shared): the preview, Cancel changes nothing, Apply loads the solved mark
    and the code -> Firefox loads the same file (what Chromium wrote) -> back in the other
    browser, newer code typed on the next problem: the file it downloads carries the code's
    stamp -> a copy of it an hour older, solved there, is loaded: the newer code is kept and
    the solved mark still loads (issue 29, web/static/progress.mjs)."""
    open_problem(page, base_url)
    wait_ready(page)
    result = run_code(page, REFERENCE)
    assert result["passed"] == result["total"] > 0
    page.get_by_test_id("solved").wait_for(state="visible")
    saved = download_progress(page, base_url, tmp_path)
    progress = json.loads(saved.read_text())
    assert progress["format"] == "exercisekit-progress"
    assert progress["problems"][SLUG]["code"] == REFERENCE, "downloaded: the code"
    assert progress["problems"][SLUG]["solved"] == "1", "downloaded: the solved mark"

    other = browser.new_context()
    try:
        there = other.new_page()
        there.set_default_timeout(60_000)
        there.goto(f"{base_url}index.html")
        assert there.get_by_test_id("progress").text_content().startswith("0 of")
        assert axe_violations(there) == []

        there.get_by_test_id("progress-load").set_input_files(str(saved))
        preview = there.get_by_test_id("progress-preview")
        preview.wait_for(state="visible")
        assert "code" in preview.text_content() and "solved mark" in preview.text_content()
        there.get_by_test_id("progress-cancel").click()
        # Said once the dialog has closed, a moment after the click: waited for, not read at once.
        expect(there.get_by_test_id("progress-message")).to_have_text("Nothing was changed.")
        assert there.get_by_test_id("progress").text_content().startswith("0 of"), "Cancel changed something"

        there.get_by_test_id("progress-load").set_input_files(str(saved))
        preview.wait_for(state="visible")
        there.get_by_test_id("progress-apply").click()
        expect(there.get_by_test_id("progress")).to_have_text(re.compile(r"^1 of"))
        assert there.locator(f"[data-testid=problem][data-slug={SLUG}]").get_attribute("data-solved") == "true"

        open_problem(there, base_url)
        assert there.evaluate("() => window.exercise.getCode()") == REFERENCE, "applied: the code"

        loaded_in_firefox(browsers, base_url, saved)
        newer_code_is_never_replaced_by_an_older_file(there, base_url, tmp_path)
    finally:
        other.close()


def loaded_in_firefox(browsers, base_url: str, saved) -> None:
    """The progress file Chromium wrote, loaded in Firefox: the solved mark and the code."""
    firefox = browsers.get("firefox").new_context()
    try:
        there = firefox.new_page()
        there.set_default_timeout(60_000)
        there.goto(f"{base_url}index.html")
        assert there.evaluate("() => navigator.userAgent").count("Firefox/") == 1
        assert there.get_by_test_id("progress").text_content().startswith("0 of"), "Firefox: not a fresh browser"
        there.get_by_test_id("progress-load").set_input_files(str(saved))
        there.get_by_test_id("progress-preview").wait_for(state="visible")
        there.get_by_test_id("progress-apply").click()
        expect(there.get_by_test_id("progress")).to_have_text(re.compile(r"^1 of"))
        assert there.locator(f"[data-testid=problem][data-slug={SLUG}]").get_attribute("data-solved") == "true"
        open_problem(there, base_url)
        assert there.evaluate("() => window.exercise.getCode()") == REFERENCE, "Firefox: the code"
    finally:
        firefox.close()


def newer_code_is_never_replaced_by_an_older_file(page, base_url: str, tmp_path) -> None:
    """On `page`, a problem page, go on to the next problem (swapped in, never solved here),
    type newer code there, and load a copy of its progress an hour older, solved there."""
    page.click("nav.pager a[rel=next]")
    page.wait_for_function("(slug) => window.exercise && window.exercise.slug === slug", arg=NEXT)
    page.evaluate("(code) => window.exercise.setCode(code)", NEWER)
    saved = json.loads(download_progress(page, base_url, tmp_path).read_text())
    stamp = saved["problems"][NEXT]["code_at"]
    assert saved["version"] == 2 and saved["problems"][NEXT]["code"] == NEWER, "newer code: not in the file"
    assert abs(int(stamp) - time.time() * 1000) < 10 * 60_000, "stamped when the code changed"
    assert page.locator(f"[data-testid=problem][data-slug={NEXT}]").get_attribute("data-solved") != "true"

    # The same problem's code as another browser saved it an hour before, solved there.
    older = tmp_path / "older.json"
    older.write_text(json.dumps({"format": "exercisekit-progress", "version": 2, "site": "s", "exported_at": "",
                                 "problems": {NEXT: {"code": OLDER, "code_at": str(int(stamp) - 3_600_000),
                                                     "solved": "1"}}}))
    page.get_by_test_id("progress-load").set_input_files(str(older))
    preview = page.get_by_test_id("progress-preview")
    preview.wait_for(state="visible")
    shown = preview.text_content()
    assert "solved mark" in shown and "Newer code in this browser, kept:" in shown, shown
    page.get_by_test_id("progress-apply").click()
    expect(page.get_by_test_id("progress-message")).to_contain_text("Newer code in this browser, kept:")
    assert page.locator(f"[data-testid=problem][data-slug={NEXT}]").get_attribute("data-solved") == "true", \
        "the older file's solved mark did not load"

    open_problem(page, base_url, NEXT)
    assert page.evaluate("() => window.exercise.getCode()") == NEWER, "an older file replaced newer code"


@pytest.mark.both_engines
def test_a_file_of_another_kind_is_refused_and_nothing_changes(page, base_url, tmp_path):
    page.goto(f"{base_url}index.html")
    page.evaluate(f"() => localStorage.setItem('exercise:{SLUG}:code', 'mine')")
    foreign = tmp_path / "grades.json"
    foreign.write_text(json.dumps({"format": "exercisekit-progress", "version": 1,
                                   "problems": {"sorting_101": {"code": "x"}}}))
    page.get_by_test_id("progress-load").set_input_files(str(foreign))
    message = page.get_by_test_id("progress-message")
    message.wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('[data-testid=progress-message]').textContent !== ''")
    assert "grades.json: This progress file is from another course" in message.text_content()
    assert page.get_by_test_id("progress-preview").is_hidden()
    assert page.evaluate(f"() => localStorage.getItem('exercise:{SLUG}:code')") == "mine"
