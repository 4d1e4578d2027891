"""The progress file keeps the newest code (issue 29): it carries the code's stamp, and loading
an older copy never replaces newer code in this browser (web/static/progress.mjs). Driven
through the index's data-testid hooks and window.exercise only."""
from __future__ import annotations

import json
import time

from helpers import SLUG, open_problem
from playwright.sync_api import expect
from test_progress_file import download_progress

NEWER = "def vae_elbo_loss(*args):\n    return 'typed here, after the file was saved'\n"
OLDER = "def vae_elbo_loss(*args):\n    return 'saved in the file, an hour earlier'\n"


def test_an_older_file_never_replaces_newer_code_and_the_rest_still_loads(page, base_url, tmp_path):
    open_problem(page, base_url)
    page.evaluate("(code) => window.exercise.setCode(code)", NEWER)
    saved = json.loads(download_progress(page, base_url, tmp_path).read_text())
    stamp = saved["problems"][SLUG]["code_at"]
    assert saved["version"] == 2 and saved["problems"][SLUG]["code"] == NEWER
    assert abs(int(stamp) - time.time() * 1000) < 10 * 60_000, "stamped when the code changed"

    # The same problem's code as another browser saved it an hour before, solved there.
    older = tmp_path / "older.json"
    older.write_text(json.dumps({"format": "exercisekit-progress", "version": 2, "site": "s", "exported_at": "",
                                 "problems": {SLUG: {"code": OLDER, "code_at": str(int(stamp) - 3_600_000),
                                                     "solved": "1"}}}))
    page.get_by_test_id("progress-load").set_input_files(str(older))
    preview = page.get_by_test_id("progress-preview")
    preview.wait_for(state="visible")
    shown = preview.text_content()
    assert "solved mark" in shown and "Newer code in this browser, kept:" in shown, shown
    page.get_by_test_id("progress-apply").click()
    expect(page.get_by_test_id("progress-message")).to_contain_text("Newer code in this browser, kept:")
    assert page.locator(f"[data-testid=problem][data-slug={SLUG}]").get_attribute("data-solved") == "true"

    open_problem(page, base_url)
    assert page.evaluate("() => window.exercise.getCode()") == NEWER
