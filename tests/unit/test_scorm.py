"""SCORM packages (1.2 and 2004): which files a problem's SCO needs, and the manifest that lists them.
The packages themselves are launched in a real SCORM runtime in tests/browser/test_scorm_runtime.py."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile

import pytest

from exercisekit.errors import ProblemError
from exercisekit.site.scorm import (
    EDITIONS,
    MANIFEST,
    Sco,
    manifest_xml,
    page_files,
    page_wheels,
    sco_files,
    write_packages,
)

CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
SITE = ["index.html", "a.html", "b.html", "data/a.json", "data/b.json", "assets/app.1.js",
        "assets/pyodide-0.28.3-x/pyodide.asm.wasm", "assets/packages/tiny-1.0-py3-none-any.whl",
        "assets/packages/other-2.0-py3-none-any.whl"]


def page(wheels: list[str], slug: str = "a") -> str:
    config = {"slug": slug, "runtime": {"packageWheels": wheels, "dataUrl": f"data/{slug}.json"}}
    return f'<head><script type="application/json" id="exercise-config">{json.dumps(config)}</script></head>'


def test_a_sco_holds_its_page_data_shared_assets_and_only_its_own_wheels():
    files = sco_files("a", SITE, ["data/a.json", "assets/packages/tiny-1.0-py3-none-any.whl"])
    assert files == ("a.html", "assets/app.1.js", "assets/packages/tiny-1.0-py3-none-any.whl",
                     "assets/pyodide-0.28.3-x/pyodide.asm.wasm", "data/a.json")


def test_a_sco_whose_page_or_wheel_is_missing_from_the_site_is_refused():
    with pytest.raises(ValueError, match="missing-1.0"):
        sco_files("a", SITE, ["data/a.json", "assets/packages/missing-1.0-py3-none-any.whl"])
    with pytest.raises(ValueError, match="c.html"):
        sco_files("c", SITE, [])


def test_the_wheels_a_page_loads_are_read_from_its_config():
    assert page_wheels(page(["assets/packages/tiny-1.0-py3-none-any.whl"])) == \
        ["assets/packages/tiny-1.0-py3-none-any.whl"]
    with pytest.raises(ValueError, match="exercise-config"):
        page_wheels("<p>not a problem page</p>")
    assert page_files(page(["assets/packages/tiny-1.0-py3-none-any.whl"])) == \
        ["data/a.json", "assets/packages/tiny-1.0-py3-none-any.whl"]


def test_the_manifest_is_scorm_1_2_with_one_sco_resource_per_problem_in_order():
    scos = [Sco("b", "Bee & co", "b.html", ("b.html", "data/b.json")),
            Sco("a", "A <first>", "a.html", ("a.html", "data/a.json", "assets/app.1.js"))]
    root = ET.fromstring(manifest_xml("course-x", "Course", scos))
    assert root.tag == f"{CP}manifest" and root.get("identifier") == "course-x"
    assert root.findtext(f"{CP}metadata/{CP}schemaversion") == "1.2"
    assert root.findtext(f"{CP}metadata/{CP}schema") == "ADL SCORM"
    organization = root.find(f"{CP}organizations/{CP}organization")
    assert root.find(f"{CP}organizations").get("default") == organization.get("identifier")
    items = organization.findall(f"{CP}item")
    assert [item.findtext(f"{CP}title") for item in items] == ["Bee & co", "A <first>"]
    resources = {r.get("identifier"): r for r in root.findall(f"{CP}resources/{CP}resource")}
    for item, sco in zip(items, scos):
        resource = resources[item.get("identifierref")]
        assert resource.get(f"{ADLCP}scormtype") == "sco" and resource.get("href") == sco.href
        assert tuple(f.get("href") for f in resource.findall(f"{CP}file")) == sco.files


def test_the_2004_manifest_is_4th_edition_with_its_own_namespaces():
    scos = [Sco("a", "A", "a.html", ("a.html", "data/a.json"))]
    root = ET.fromstring(manifest_xml("course-x", "Course", scos, EDITIONS["2004"]))
    cp, adlcp = "{http://www.imsglobal.org/xsd/imscp_v1p1}", "{http://www.adlnet.org/xsd/adlcp_v1p3}"
    assert root.tag == f"{cp}manifest"
    assert root.findtext(f"{cp}metadata/{cp}schemaversion") == "2004 4th Edition"
    (resource,) = root.findall(f"{cp}resources/{cp}resource")
    assert resource.get(f"{adlcp}scormType") == "sco" and resource.get("href") == "a.html"
    assert [f.get("href") for f in resource.findall(f"{cp}file")] == ["a.html", "data/a.json"]
    locations = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()
    assert locations[:2] == ["http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"]
    assert "imsss_v1p0.xsd" in locations


def test_write_packages_zips_every_listed_file_and_the_course_holds_every_sco(tmp_path):
    site = tmp_path / "site"
    for relative in SITE:
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(relative)
    (site / "a.html").write_text(page(["assets/packages/tiny-1.0-py3-none-any.whl"]))
    (site / "b.html").write_text(page([], "b"))
    written = write_packages(site, tmp_path / "out", ["b", "a"], {"a": "A", "b": "B"})
    assert [p.name for p in written] == ["b.zip", "a.zip", "course.zip"]
    with zipfile.ZipFile(tmp_path / "out" / "b.zip") as archive:
        names = set(archive.namelist())
        root = ET.fromstring(archive.read(MANIFEST))
    listed = {f.get("href") for f in root.iter(f"{CP}file")}
    assert names - {MANIFEST} == listed == {"b.html", "data/b.json", "assets/app.1.js",
                                              "assets/pyodide-0.28.3-x/pyodide.asm.wasm"}
    with zipfile.ZipFile(tmp_path / "out" / "course.zip") as archive:
        root = ET.fromstring(archive.read(MANIFEST))
        assert archive.read("assets/packages/tiny-1.0-py3-none-any.whl") == b"assets/packages/tiny-1.0-py3-none-any.whl"
    hrefs = [r.get("href") for r in root.iter(f"{CP}resource")]
    assert hrefs == ["b.html", "a.html"]


def test_a_site_with_a_service_worker_is_not_packaged(tmp_path):
    (tmp_path / "sw.js").write_text("self.addEventListener('fetch', () => {});")
    with pytest.raises(ProblemError, match="service worker"):
        write_packages(tmp_path, tmp_path / "out", [], {})
