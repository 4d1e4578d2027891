"""SCORM 1.2 packages launched by a real SCORM runtime: scorm-again (npm) is the LMS side.

A test LMS page offers scorm-again's Scorm12API as `window.API`, keeps its CMI data in its
own localStorage (as a real LMS keeps it on its server) and launches an unzipped package
in an iframe, all from one local http server. The packages are built here, from check on.
"""
from __future__ import annotations

import base64
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
from helpers import ROOT, SLUG, source

OTHER = "kl_diag_gaussian"
REFERENCE = source(f"solutions/{SLUG}/reference.py")
BATCH_SUM = source(f"solutions/{SLUG}/wrong/batch_sum.py")
CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
CMI_KEY = "test-lms:cmi"

LMS_PAGE = """<!doctype html>
<meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.js"></script>
<script>
  // The LMS side: scorm-again's SCORM 1.2 runtime, its CMI data kept between launches.
  window.API = new Scorm12API({ logLevel: 5 });
  const saved = localStorage.getItem("%(key)s");
  if (saved) window.API.loadFromJSON(JSON.parse(saved));
  const keep = () => localStorage.setItem("%(key)s", JSON.stringify(window.API.renderCMIToJSONObject()));
  window.API.on("LMSCommit", keep);
  window.API.on("LMSFinish", keep);
  window.lmsCmi = () => window.API.renderCMIToJSONObject().cmi;
  addEventListener("DOMContentLoaded", () => {
    const frame = document.createElement("iframe");
    frame.style.cssText = "width: 1200px; height: 900px";
    frame.src = new URLSearchParams(location.search).get("launch");
    document.body.append(frame);
  });
</script>
<body></body>
""" % {"key": CMI_KEY}  # noqa: UP031 -- the page is JavaScript, full of braces


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> Path:
    from exercisekit.site.scorm import build_scorm

    out = tmp_path_factory.mktemp("scorm") / "packages"
    build_scorm(ROOT, out, only=[SLUG, OTHER])
    return out


@pytest.fixture(scope="session")
def lms_url(packages, tmp_path_factory):
    """The test LMS, with the course package unzipped under course/."""
    folder = tmp_path_factory.mktemp("lms")
    (folder / "lms.html").write_text(LMS_PAGE, encoding="utf-8")
    shutil.copyfile(ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js", folder / "scorm12.js")
    with zipfile.ZipFile(packages / "course.zip") as archive:
        archive.extractall(folder / "course")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def launch(page, lms_url: str, slug: str = SLUG):
    """Open the LMS page launching `slug`'s SCO; its frame once the page is connected and ready."""
    page.goto(f"{lms_url}lms.html?launch=course/{slug}.html")
    frame = page.wait_for_selector("iframe").content_frame()
    frame.wait_for_selector("[data-testid=lms-status][data-state=connected]")
    frame.wait_for_selector("[data-testid=status][data-state=ready]", timeout=90_000)
    return frame


def run(frame, code: str) -> dict:
    frame.evaluate("(code) => window.exercise.setCode(code)", code)
    return frame.evaluate("() => window.exercise.runTests()")


def cmi(page) -> dict:
    return page.evaluate("() => window.lmsCmi()")


def unpack(suspend_data: str) -> str:
    assert suspend_data.startswith("z1:"), suspend_data[:20]
    return zlib.decompress(base64.b64decode(suspend_data[3:]), -15).decode("utf-8")


def test_the_reference_is_passed_with_100_and_never_goes_back(page, lms_url):
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    frame = launch(page, lms_url)
    assert cmi(page)["core"]["lesson_status"] == "incomplete"   # first launch
    assert frame.locator("[data-testid=lms-status]").is_visible()
    result = run(frame, REFERENCE)
    assert result["passed"] == result["total"] > 0
    data = cmi(page)
    assert data["core"]["lesson_status"] == "passed"
    assert data["core"]["score"] == {"raw": "100", "min": "0", "max": "100"}
    assert unpack(data["suspend_data"]) == REFERENCE
    assert frame.locator("[data-testid=lms-status]").get_attribute("data-state") == "saved"
    # A later failing run records its score, but a problem once passed stays passed.
    worse = run(frame, BATCH_SUM)
    assert worse["passed"] < worse["total"]
    data = cmi(page)
    assert data["core"]["lesson_status"] == "passed"
    assert data["core"]["score"]["raw"] == str(round(worse["passed"] / worse["total"] * 100))
    # In an LMS the LMS moves between problems: no link of ours leads out of the SCO.
    assert not frame.locator("nav.pager").is_visible() and not frame.locator("a.home").is_visible()
    # Everything the page needed came from the package: no request left the LMS.
    assert asked and all(url.startswith(lms_url) for url in asked), [u for u in asked if not u.startswith(lms_url)]


def test_a_known_wrong_solution_is_failed_with_its_score(page, lms_url):
    frame = launch(page, lms_url)
    result = run(frame, BATCH_SUM)
    assert 0 < result["total"] and result["passed"] < result["total"]
    data = cmi(page)
    assert data["core"]["lesson_status"] == "failed"
    assert data["core"]["score"]["raw"] == str(round(result["passed"] / result["total"] * 100))
    assert frame.locator("[data-testid=lms-status]").get_attribute("data-state") == "saved"


def test_code_comes_back_from_suspend_data_on_another_computer(browser, page, lms_url):
    frame = launch(page, lms_url)
    run(frame, REFERENCE)
    edited = REFERENCE + "\n# edited after the last run\n"
    frame.evaluate("(code) => window.exercise.setCode(code)", edited)
    page.wait_for_timeout(2500)             # the page keeps a packed copy at most 2 s old
    page.goto("about:blank")                # leaving: LMSFinish, with the latest code
    page.goto(f"{lms_url}lms.html?launch=about:blank")
    stored = json.loads(page.evaluate("(key) => localStorage.getItem(key)", CMI_KEY))
    assert stored["cmi"]["core"]["exit"] == "suspend"
    assert stored["cmi"]["core"]["session_time"] != "00:00:00"
    assert unpack(stored["cmi"]["suspend_data"]) == edited
    # Another browser (no saved code of its own) launched with what the LMS kept.
    other = browser.new_context()
    try:
        other.add_init_script(f"localStorage.setItem({json.dumps(CMI_KEY)}, {json.dumps(json.dumps(stored))});")
        elsewhere = other.new_page()
        elsewhere.set_default_timeout(60_000)
        frame = launch(elsewhere, lms_url)
        frame.wait_for_function("(code) => window.exercise.getCode() === code", arg=edited)
        assert cmi(elsewhere)["core"]["lesson_status"] == "passed"   # not reset to incomplete
    finally:
        other.close()


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
    """The problems in path order, as the course must hold them (OTHER is SLUG's prerequisite
    or not: the order comes from the site's own path_order)."""
    from exercisekit.problems.model import ProblemTrees, load_problem
    from exercisekit.site.views import path_order

    trees = ProblemTrees(ROOT)
    return [p.slug for p in path_order([load_problem(trees, s) for s in (SLUG, OTHER)])]
