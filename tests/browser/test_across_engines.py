"""A learner who moves between browsers: progress saved in Chromium, loaded in Firefox.

It also proves in Firefox what test_progress_file's round trip cannot show there (Playwright
sees no download in Firefox over WebDriver BiDi): a real progress file, as the page writes it,
is previewed, applied and brings the code back."""
from __future__ import annotations

import json
import re

from helpers import SLUG, open_problem, run_code, source, wait_ready
from playwright.sync_api import expect

REFERENCE = source(f"solutions/{SLUG}/reference.py")


def test_progress_downloaded_in_chromium_is_loaded_in_firefox(browsers, base_url, tmp_path):
    chromium = browsers.get("chromium").new_context()
    firefox = browsers.get("firefox").new_context()
    try:
        page = open_problem(chromium.new_page(), base_url)
        wait_ready(page)
        assert run_code(page, REFERENCE)["passed"] > 0
        page.get_by_test_id("solved").wait_for(state="visible")
        page.goto(f"{base_url}index.html")
        with page.expect_download() as info:
            page.get_by_test_id("progress-download").click()
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        assert json.loads(saved.read_text())["problems"][SLUG]["code"] == REFERENCE

        there = firefox.new_page()
        there.set_default_timeout(60_000)
        there.goto(f"{base_url}index.html")
        assert there.evaluate("() => navigator.userAgent").count("Firefox/") == 1
        assert there.get_by_test_id("progress").text_content().startswith("0 of")
        there.get_by_test_id("progress-load").set_input_files(str(saved))
        there.get_by_test_id("progress-preview").wait_for(state="visible")
        there.get_by_test_id("progress-apply").click()
        expect(there.get_by_test_id("progress")).to_have_text(re.compile(r"^1 of"))
        assert there.locator(f"[data-testid=problem][data-slug={SLUG}]").get_attribute("data-solved") == "true"
        open_problem(there, base_url)
        assert there.evaluate("() => window.exercise.getCode()") == REFERENCE
    finally:
        chromium.close()
        firefox.close()
