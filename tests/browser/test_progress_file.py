"""Progress that travels: solved in one browser, downloaded from the index, loaded in another
(a fresh browser context: nothing shared), after a preview that must be confirmed."""
from __future__ import annotations

import json
import re

import pytest
from helpers import SLUG, axe_violations, open_problem, run_code, source, wait_ready
from playwright.sync_api import expect

REFERENCE = source(f"solutions/{SLUG}/reference.py")


def download_progress(page, base_url, tmp_path):
    page.goto(f"{base_url}index.html")
    with page.expect_download() as info:
        page.get_by_test_id("progress-download").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


@pytest.mark.both_engines
@pytest.mark.firefox_driver_limit("Playwright sees no download event in Firefox over WebDriver BiDi; a real "
                                  "progress file is loaded in Firefox by test_across_engines")
def test_progress_round_trip_to_another_browser(browser, page, base_url, tmp_path):
    open_problem(page, base_url)
    wait_ready(page)
    result = run_code(page, REFERENCE)
    assert result["passed"] == result["total"] > 0
    page.get_by_test_id("solved").wait_for(state="visible")
    saved = download_progress(page, base_url, tmp_path)
    progress = json.loads(saved.read_text())
    assert progress["format"] == "exercisekit-progress"
    assert progress["problems"][SLUG]["code"] == REFERENCE
    assert progress["problems"][SLUG]["solved"] == "1"

    other = browser.new_context()
    try:
        there = other.new_page()
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
        assert there.get_by_test_id("progress").text_content().startswith("0 of")

        there.get_by_test_id("progress-load").set_input_files(str(saved))
        preview.wait_for(state="visible")
        there.get_by_test_id("progress-apply").click()
        expect(there.get_by_test_id("progress")).to_have_text(re.compile(r"^1 of"))
        assert there.locator(f"[data-testid=problem][data-slug={SLUG}]").get_attribute("data-solved") == "true"

        open_problem(there, base_url)
        assert there.evaluate("() => window.exercise.getCode()") == REFERENCE
    finally:
        other.close()


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
