"""What Playwright cannot drive in Firefox yet, proven there another way (README.md, "Browser
support"): a progress file the page wrote (downloaded in Chromium, since Playwright sees no
download in Firefox) is loaded in Firefox; the phone layout at a phone's width, its views
switched by clicks (Playwright cannot emulate touch in Firefox)."""
from __future__ import annotations

import json
import re

from helpers import SLUG, open_on_a_phone, open_problem, run_code, source, summary, wait_ready
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


def test_on_a_phone_wide_firefox_one_view_at_a_time_nothing_scrolls_sideways(browsers, base_url):
    context = browsers.get("firefox").new_context(viewport={"width": 390, "height": 844})
    try:
        page = open_on_a_phone(context, base_url)
        wide = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        assert page.is_visible("[data-testid=editor]") is False
        page.click(".views [data-view=code]")
        assert page.is_visible("[data-testid=editor]") and page.locator("[data-testid=editor]").bounding_box()["y"] < 844 / 2
        assert page.evaluate(wide) == 0
        wait_ready(page)
        page.evaluate("(code) => window.exercise.setCode(code)", source(f"solutions/{SLUG}/wrong/batch_sum.py"))
        page.click("[data-testid=run]")
        page.wait_for_selector(".views [data-view=results] .views-count:text('/10')")
        page.click(".views [data-view=results]")
        assert page.is_visible("[data-testid=summary]") and summary(page)[1] == 10
        page.click(".views [data-view=statement]")
        assert page.is_visible("[data-testid=editor]") is False and page.evaluate(wide) == 0
    finally:
        context.close()
