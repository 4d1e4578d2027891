"""A problem page inside an <iframe> of a course page on another origin: it works as on
its own, takes the compact layout when narrow, and posts its results to the parent.
The course page is served from 127.0.0.2, the site from 127.0.0.1: two origins. That a page
on its own posts nothing and shows no LMS status is proven on test_next_problem.py's page."""
from __future__ import annotations

import functools
import threading

import pytest
from conftest import QuietHandler
from helpers import SLUG, QuietServer, source

REFERENCE = source(f"solutions/{SLUG}/reference.py")
BATCH_SUM = source(f"solutions/{SLUG}/wrong/batch_sum.py")

COURSE_PAGE = """<!doctype html>
<meta charset="utf-8"><title>A course page</title>
<h1>Week 3</h1>
<script>
  window.received = [];
  addEventListener("message", (event) => window.received.push({ origin: event.origin, data: event.data }));
  addEventListener("DOMContentLoaded", () => {
    const frame = document.createElement("iframe");
    frame.title = "Exercise";
    frame.style.cssText = "width: 420px; height: 900px; border: 0";
    frame.src = new URLSearchParams(location.search).get("embed");
    document.body.append(frame);
  });
</script>
<body></body>
"""


@pytest.fixture(scope="module")
def course_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("course")
    (folder / "week3.html").write_text(COURSE_PAGE, encoding="utf-8")
    server = QuietServer(("127.0.0.2", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.2:{server.server_address[1]}/week3.html"
    server.shutdown()


def messages(page, kind: str) -> list[dict]:
    return page.evaluate("(kind) => window.received.filter((m) => m.data && m.data.type === kind)", kind)


@pytest.mark.both_engines
def test_an_embedded_page_on_another_origin_runs_and_posts_its_results(page, base_url, course_url):
    site_origin = base_url.rstrip("/")
    page.goto(f"{course_url}?embed={base_url}{SLUG}.html")
    page.wait_for_function("() => window.received.some((m) => m.data && m.data.type === 'exercise:ready')")
    assert messages(page, "exercise:ready") == [{"origin": site_origin, "data": {"type": "exercise:ready", "slug": SLUG}}]
    frame = next(f for f in page.frames if f.url.startswith(base_url))
    assert page.evaluate("() => { try { return Boolean(frames[0].exercise); } catch { return 'blocked'; } }") == "blocked"
    # Narrow: one part at a time, with the buttons to switch.
    assert frame.locator("nav.views").is_visible()
    assert not frame.locator("[data-testid=lms-status]").is_visible()   # no LMS here
    frame.wait_for_selector("[data-testid=status][data-state=ready]", state="attached", timeout=90_000)

    wrong = frame.evaluate("(code) => { window.exercise.setCode(code); return window.exercise.runTests(); }", BATCH_SUM)
    page.wait_for_function("() => window.received.filter((m) => m.data && m.data.type === 'exercise:result').length === 1")
    assert messages(page, "exercise:result")[0] == {
        "origin": site_origin,
        "data": {"type": "exercise:result", "slug": SLUG, "passed": wrong["passed"], "total": wrong["total"],
                 "solved": False, "points": wrong["points_earned"], "pointsTotal": wrong["points_total"],
                 "score": round(100 * wrong["points_earned"] / wrong["points_total"])}}
    assert wrong["passed"] < wrong["total"]

    right = frame.evaluate("(code) => { window.exercise.setCode(code); return window.exercise.runTests(); }", REFERENCE)
    page.wait_for_function("() => window.received.filter((m) => m.data && m.data.type === 'exercise:result').length === 2")
    assert messages(page, "exercise:result")[1]["data"] == {
        "type": "exercise:result", "slug": SLUG, "passed": right["total"], "total": right["total"], "solved": True,
        "points": right["points_total"], "pointsTotal": right["points_total"], "score": 100}
    assert frame.locator("[data-testid=summary]").get_attribute("data-solved") == "true"

