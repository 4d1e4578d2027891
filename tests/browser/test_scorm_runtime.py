"""SCORM packages (1.2 and 2004) launched by a real SCORM runtime: scorm-again (npm) is the LMS side.

A test LMS page offers scorm-again's Scorm12API as `window.API` (Scorm2004API as
`API_1484_11`), keeps its CMI data in its own localStorage (as a real LMS keeps it on its
server) and launches an unzipped package in an iframe, all from one local http server. The
packages are built here, from check on.
"""
from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import shutil
import threading
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import QuietHandler
from helpers import ROOT, SLUG, QuietServer, source

OTHER = "kl_diag_gaussian"
WEIGHTED = "gd_step"   # its tests are worth 1, 3, 2 and 1 points
REFERENCE = source(f"solutions/{SLUG}/reference.py")
BATCH_SUM = source(f"solutions/{SLUG}/wrong/batch_sum.py")
CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
CMI_KEY = "test-lms:cmi"

LMS_PAGE = """<!doctype html>
<meta charset="utf-8"><title>Test LMS</title>
<script src="%(script)s"></script>
<script>
  // The LMS side: scorm-again's SCORM runtime, its CMI data kept between launches.
  window.%(api)s = new %(runtime)s({ logLevel: 5 });
  const saved = localStorage.getItem("%(key)s");
  if (saved) window.%(api)s.loadFromJSON(JSON.parse(saved));
  const keep = () => localStorage.setItem("%(key)s", JSON.stringify(window.%(api)s.renderCMIToJSONObject()));
  window.%(api)s.on("%(commit)s", keep);
  window.%(api)s.on("%(finish)s", keep);
  window.lmsCmi = () => window.%(api)s.renderCMIToJSONObject().cmi;
  addEventListener("DOMContentLoaded", () => {
    const frame = document.createElement("iframe");
    frame.style.cssText = "width: 1200px; height: 900px";
    frame.src = new URLSearchParams(location.search).get("launch");
    document.body.append(frame);
  });
</script>
<body></body>
"""
EDITIONS = {
    "1.2": {"script": "scorm12.js", "api": "API", "runtime": "Scorm12API", "commit": "LMSCommit", "finish": "LMSFinish"},
    "2004": {"script": "scorm2004.js", "api": "API_1484_11", "runtime": "Scorm2004API", "commit": "Commit",
             "finish": "Terminate"},
}


def serve_lms(folder: Path, packages: Path, version: str) -> http.server.ThreadingHTTPServer:
    """A test LMS of `version` in `folder`, the course package unzipped under course/."""
    edition = EDITIONS[version]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lms.html").write_text(LMS_PAGE % {**edition, "key": CMI_KEY}, encoding="utf-8")  # noqa: UP031 -- JavaScript, full of braces
    shutil.copyfile(ROOT / "node_modules" / "scorm-again" / "dist" / edition["script"].replace(".js", ".min.js"),
                    folder / edition["script"])
    with zipfile.ZipFile(packages / "course.zip") as archive:
        archive.extractall(folder / "course")
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> Path:
    from exercisekit.site.scorm import build_scorm

    out = tmp_path_factory.mktemp("scorm") / "packages"
    build_scorm(ROOT, out, only=[SLUG, OTHER, WEIGHTED])
    return out


@pytest.fixture(scope="session")
def lms_url(packages, tmp_path_factory):
    """The test LMS (SCORM 1.2), with the course package unzipped under course/."""
    server = serve_lms(tmp_path_factory.mktemp("lms"), packages, "1.2")
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def launch(page, lms_url: str, slug: str = SLUG):
    """Open the LMS page launching `slug`'s SCO; its frame once the page is connected and ready."""
    page.goto(f"{lms_url}lms.html?launch=course/{slug}.html")
    frame = page.wait_for_selector("iframe").content_frame()
    frame.wait_for_selector("[data-testid=lms-status]:is([data-state=connected], [data-state=saved])")
    frame.wait_for_selector("[data-testid=status][data-state=ready]", timeout=90_000)
    return frame


@contextlib.contextmanager
def on_another_computer(browser, lms_url: str, stored: str, code: str, timeout: float = 60_000):
    """The SCO launched in a new browser (no code saved of its own) whose LMS holds `stored`
    (the cmi data as JSON), once its editor shows `code`: (the LMS page, the SCO's frame)."""
    other = browser.new_context()
    try:
        other.add_init_script(f"localStorage.setItem({json.dumps(CMI_KEY)}, {json.dumps(stored)});")
        elsewhere = other.new_page()
        elsewhere.set_default_timeout(timeout)
        frame = launch(elsewhere, lms_url)
        frame.wait_for_function("(code) => window.exercise.getCode() === code", arg=code)
        yield elsewhere, frame
    finally:
        other.close()


def run(frame, code: str) -> dict:
    frame.evaluate("(code) => window.exercise.setCode(code)", code)
    return frame.evaluate("() => window.exercise.runTests()")


def cmi(page) -> dict:
    return page.evaluate("() => window.lmsCmi()")


def unpack(suspend_data: str) -> str:
    """The code in suspend_data as the page writes it: `z2:`, its stamp, `:`, deflate-raw in
    base64; or, when it is leaving and has no time to compress, `t2:`, its stamp, `:`, the code."""
    kind, _stamp, body = suspend_data.split(":", 2)
    assert kind in ("z2", "t2"), suspend_data[:20]
    return zlib.decompress(base64.b64decode(body), -15).decode("utf-8") if kind == "z2" else body


@pytest.mark.both_engines
def test_scores_are_recorded_passed_never_goes_back_and_the_code_follows_the_learner(browser, page, lms_url):
    """Steps: first launch: incomplete -> a known-wrong solution: failed, with its score ->
    the reference: passed, 100, the code in suspend_data -> a later failing run records its
    score but stays passed -> no link leads out of the SCO, no request left the LMS -> the
    code edited after the last run, the SCO left: exit suspend, the time spent, the edited
    code kept -> another computer launched with what the LMS kept: the edited code, still
    passed."""
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    frame = launch(page, lms_url)
    assert cmi(page)["core"]["lesson_status"] == "incomplete", "first launch"
    assert frame.locator("[data-testid=lms-status]").is_visible()
    wrong = run(frame, BATCH_SUM)
    assert 0 < wrong["total"] and wrong["passed"] < wrong["total"]
    data = cmi(page)
    assert data["core"]["lesson_status"] == "failed", "a known-wrong solution first"
    assert data["core"]["score"]["raw"] == str(round(wrong["passed"] / wrong["total"] * 100))
    assert frame.locator("[data-testid=lms-status]").get_attribute("data-state") == "saved"

    result = run(frame, REFERENCE)
    assert result["passed"] == result["total"] > 0
    data = cmi(page)
    assert data["core"]["lesson_status"] == "passed", "the reference"
    assert data["core"]["score"] == {"raw": "100", "min": "0", "max": "100"}
    assert unpack(data["suspend_data"]) == REFERENCE
    assert frame.locator("[data-testid=lms-status]").get_attribute("data-state") == "saved"
    # A later failing run records its score, but a problem once passed stays passed.
    worse = run(frame, BATCH_SUM)
    assert worse["passed"] < worse["total"]
    data = cmi(page)
    assert data["core"]["lesson_status"] == "passed", "passed went back"
    assert data["core"]["score"]["raw"] == str(round(worse["passed"] / worse["total"] * 100))
    # In an LMS the LMS moves between problems: no link of ours leads out of the SCO.
    assert not frame.locator("nav.pager").is_visible() and not frame.locator("a.home").is_visible()
    # Everything the page needed came from the package: no request left the LMS.
    assert asked and all(url.startswith(lms_url) for url in asked), [u for u in asked if not u.startswith(lms_url)]

    # The code edited after the last run goes with the learner when the SCO is left.
    edited = REFERENCE + "\n# edited after the last run\n"
    frame.evaluate("(code) => window.exercise.setCode(code)", edited)
    page.wait_for_timeout(2500)             # the page keeps a packed copy at most 2 s old
    page.goto("about:blank")                # leaving: LMSFinish, with the latest code
    page.goto(f"{lms_url}lms.html?launch=about:blank")
    stored = json.loads(page.evaluate("(key) => localStorage.getItem(key)", CMI_KEY))
    assert stored["cmi"]["core"]["exit"] == "suspend", "left: exit"
    assert stored["cmi"]["core"]["session_time"] != "00:00:00"
    assert unpack(stored["cmi"]["suspend_data"]) == edited, "left: the edited code"
    # Another browser (no saved code of its own) launched with what the LMS kept.
    with on_another_computer(browser, lms_url, json.dumps(stored), edited) as (elsewhere, _):
        assert cmi(elsewhere)["core"]["lesson_status"] == "passed", "another computer: reset to incomplete"


def test_points_per_test_give_the_shown_score_and_the_lms_score(page, lms_url):
    frame = launch(page, lms_url, WEIGHTED)
    # The gradient sums instead of averaging: only the 3-point gradient test fails.
    result = run(frame, source(f"solutions/{WEIGHTED}/wrong/sum_not_mean.py"))
    assert (result["passed"], result["total"]) == (3, 4)
    assert (result["points_earned"], result["points_total"]) == (4, 7)
    summary = frame.locator("[data-testid=summary]")
    assert summary.text_content().startswith("3/4 passed · 4 of 7 points, 57%")
    assert (summary.get_attribute("data-points"), summary.get_attribute("data-points-total")) == ("4", "7")
    data = cmi(page)
    assert data["core"]["score"]["raw"] == "57"   # points, not 3 of 4 tests (75)
    assert data["core"]["lesson_status"] == "failed"
    assert "score 57" in frame.locator("[data-testid=lms-status]").text_content()
    solved = run(frame, source(f"solutions/{WEIGHTED}/reference.py"))
    assert solved["points_earned"] == solved["points_total"] == 7
    assert frame.locator("[data-testid=summary]").text_content().startswith("4/4 passed · 7 of 7 points, 100%")
    assert cmi(page)["core"]["score"]["raw"] == "100" and cmi(page)["core"]["lesson_status"] == "passed"


@pytest.mark.parametrize("name", [f"{SLUG}.zip", "course.zip"])
def test_the_manifest_lists_every_file_of_the_zip_and_nothing_else(packages, name):
    with zipfile.ZipFile(packages / name) as archive:
        names = set(archive.namelist())
        root = ET.fromstring(archive.read("imsmanifest.xml"))
    assert root.findtext(f"{CP}metadata/{CP}schemaversion") == "1.2"
    resources = root.findall(f"{CP}resources/{CP}resource")
    assert [r.get("href") for r in resources] == ([f"{SLUG}.html"] if name != "course.zip"
                                                  else [f"{p}.html" for p in ordered_slugs(packages)])
    listed = set()
    for resource in resources:
        assert resource.get(f"{ADLCP}scormtype") == "sco"
        files = {f.get("href") for f in resource.findall(f"{CP}file")}
        assert resource.get("href") in files
        assert any(f.endswith("pyodide.asm.wasm") for f in files) and any("/numpy-" in f and f.endswith(".zip") for f in files)
        assert any(f.endswith(".woff2") for f in files)
        listed |= files
    assert names - {"imsmanifest.xml"} == listed
    assert "sw.js" not in names and "index.html" not in names


def ordered_slugs(packages: Path) -> list[str]:
    """The problems in the course's order (course.toml's tracks, then the rest by
    prerequisites), as the course must hold them: the site's own course_order."""
    from exercisekit.problems.course import load_course
    from exercisekit.problems.model import ProblemTrees, load_problem
    from exercisekit.site.views import course_order

    trees = ProblemTrees(ROOT)
    problems = [load_problem(trees, s) for s in (SLUG, OTHER, WEIGHTED)]
    return [p.slug for p in course_order(problems, load_course(ROOT))]


@pytest.mark.both_engines
def test_scorm_2004_records_success_completion_and_the_code(browser, page, tmp_path):
    """The same course as SCORM 2004 4th edition, launched by scorm-again's 2004 runtime."""
    from exercisekit.site.scorm import build_scorm

    packages = tmp_path / "packages"
    build_scorm(ROOT, packages, only=[SLUG], version="2004")
    with zipfile.ZipFile(packages / "course.zip") as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    assert manifest.findtext("{http://www.imsglobal.org/xsd/imscp_v1p1}metadata/"
                             "{http://www.imsglobal.org/xsd/imscp_v1p1}schemaversion") == "2004 4th Edition"
    server = serve_lms(tmp_path / "lms", packages, "2004")
    try:
        lms_url = f"http://127.0.0.1:{server.server_address[1]}/"
        frame = launch(page, lms_url)
        assert cmi(page)["completion_status"] == "incomplete"   # first launch: attempted
        wrong = run(frame, BATCH_SUM)
        data = cmi(page)
        score = round(wrong["passed"] / wrong["total"] * 100)
        assert (data["success_status"], data["completion_status"]) == ("failed", "incomplete")
        assert data["score"]["raw"] == str(score) and float(data["score"]["scaled"]) == score / 100
        run(frame, REFERENCE)
        data = cmi(page)
        assert (data["success_status"], data["completion_status"]) == ("passed", "completed")
        assert data["score"]["raw"] == "100" and float(data["score"]["scaled"]) == 1
        assert unpack(data["suspend_data"]) == REFERENCE
        run(frame, BATCH_SUM)
        assert cmi(page)["success_status"] == "passed"   # never back from passed
        assert frame.locator("[data-testid=lms-status]").get_attribute("data-state") == "saved"
        page.goto("about:blank")                # leaving: Terminate, with the latest code and the time spent
        page.goto(f"{lms_url}lms.html?launch=about:blank")
        stored = json.loads(page.evaluate("(key) => localStorage.getItem(key)", CMI_KEY))
        assert stored["cmi"]["exit"] == "suspend" and stored["cmi"]["session_time"].startswith("PT")
        assert unpack(stored["cmi"]["suspend_data"]) == BATCH_SUM
    finally:
        server.shutdown()
