"""What Playwright cannot drive in Firefox yet, proven there another way (README.md, "Browser
support"): the phone layout at a phone's width, its views switched by clicks (Playwright
cannot emulate touch in Firefox). A progress file the page wrote (downloaded in Chromium,
since Playwright sees no download in Firefox) is loaded in Firefox by test_progress_file.py."""
from __future__ import annotations

from helpers import SLUG, open_on_a_phone, source, summary, wait_ready


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
