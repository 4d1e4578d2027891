"""`build_site.py scorm`: SCORM packages (1.2 or 2004 4th edition) of the built site, for any LMS.

A package is a zip with `imsmanifest.xml` at its root (SCORM content aggregation) and
every file its pages need to run with no network. Each problem is one SCO (a launchable
page that reports to the LMS through web/static/lms.mjs); `course.zip` holds every problem
as its own SCO, in the course order (views.course_order). The site is built without a service worker: an LMS serves
content from its own origin and paths, where a worker installed by one course would
outlive it.
"""
from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..errors import ProblemError
from ..project import Project

MANIFEST = "imsmanifest.xml"
COURSE = "course"


@dataclass(frozen=True)
class Edition:
    """What differs between the SCORM editions' manifests: the namespaces and their schema
    files, the `schemaversion`, and the spelling of the attribute that marks a SCO."""

    version: str
    schemaversion: str
    namespaces: tuple[tuple[str, str, str], ...]   # (prefix, URI, schema file); "" is the default
    scormtype: str


EDITIONS = {
    "1.2": Edition("1.2", "1.2", (
        ("", "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
        ("imsmd", "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"),
        ("adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
    ), "scormtype"),
    "2004": Edition("2004", "2004 4th Edition", (
        ("", "http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
        ("adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
        ("adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
        ("adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
        ("imsss", "http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
    ), "scormType"),
}
CONFIG = re.compile(r'<script type="application/json" id="exercise-config">(.*?)</script>', re.S)


@dataclass(frozen=True)
class Sco:
    """One launchable problem: its identifier in the manifest, title, page and files (paths
    relative to the package root, the page among them)."""

    slug: str
    title: str
    href: str
    files: tuple[str, ...]


def page_wheels(page_html: str) -> list[str]:
    """The package wheels (`assets/packages/...`) a built problem page loads, read from the
    config the build embeds in it."""
    found = CONFIG.search(page_html)
    if not found:
        raise ValueError("the page holds no exercise-config script: is it a problem page of this build?")
    return list(json.loads(found.group(1))["runtime"]["packageWheels"])


def page_files(page_html: str) -> list[str]:
    """The files only this built problem page loads: its (content-named) data and its
    package wheels, read from the config the build embeds in it."""
    found = CONFIG.search(page_html)
    if not found:
        raise ValueError("the page holds no exercise-config script: is it a problem page of this build?")
    runtime = json.loads(found.group(1))["runtime"]
    return [runtime["dataUrl"], *runtime["packageWheels"]]


def sco_files(slug: str, site_files: list[str], own_files: list[str]) -> tuple[str, ...]:
    """What the page of `slug` needs, out of every file of a built site: its page, its own
    files (`page_files`: data, package wheels) and the shared assets (runtime, editor,
    stylesheet, fonts), but no other problem's page, data or wheels. Sorted, so packages
    are reproducible."""
    own = {f"{slug}.html", *own_files}
    missing = own - set(site_files)
    if missing:
        raise ValueError(f"the built site lacks {', '.join(sorted(missing))}, which {slug}.html needs")
    shared = [f for f in site_files if f.startswith("assets/") and not f.startswith("assets/packages/")]
    return tuple(sorted(own.union(shared)))


def manifest_xml(identifier: str, title: str, scos: list[Sco], edition: Edition = EDITIONS["1.2"]) -> str:
    """The `imsmanifest.xml` of a package holding `scos`, one item each, in order, in the
    content aggregation format of `edition`."""
    items = "".join(
        f'      <item identifier="ITEM-{sco.slug}" identifierref="RES-{sco.slug}" isvisible="true">\n'
        f"        <title>{escape(sco.title)}</title>\n"
        f"      </item>\n" for sco in scos)
    resources = "".join(
        f'    <resource identifier="RES-{sco.slug}" type="webcontent" adlcp:{edition.scormtype}="sco" '
        f"href={quoteattr(sco.href)}>\n"
        + "".join(f"      <file href={quoteattr(path)}/>\n" for path in sco.files)
        + "    </resource>\n" for sco in scos)
    namespaces = "".join(f'    xmlns{":" + prefix if prefix else ""}="{uri}"\n'
                         for prefix, uri, _ in edition.namespaces)
    locations = " ".join(f"{uri} {schema}" for _, uri, schema in edition.namespaces)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<manifest identifier={quoteattr(identifier)} version="1.0"\n{namespaces}'
        '    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
        f"    xsi:schemaLocation={quoteattr(locations)}>\n"
        "  <metadata>\n    <schema>ADL SCORM</schema>\n"
        f"    <schemaversion>{edition.schemaversion}</schemaversion>\n  </metadata>\n"
        '  <organizations default="ORG">\n    <organization identifier="ORG">\n'
        f"      <title>{escape(title)}</title>\n{items}"
        "    </organization>\n  </organizations>\n"
        f"  <resources>\n{resources}  </resources>\n</manifest>\n")


def package_files(scos: list[Sco]) -> list[str]:
    """Every file a package of `scos` holds besides its manifest: the union of their files."""
    return sorted({path for sco in scos for path in sco.files})


def write_package(zip_path: Path, site: Path, identifier: str, title: str, scos: list[Sco],
                  edition: Edition = EDITIONS["1.2"]) -> Path:
    """Write one SCORM zip: the manifest at its root, then every file the SCOs need."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_name(f".{zip_path.name}.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(MANIFEST, manifest_xml(identifier, title, scos, edition))
        for path in package_files(scos):
            archive.write(site / path, path)
    partial.replace(zip_path)   # a reader never sees half a package
    return zip_path


def site_scos(site: Path, slugs: list[str], titles: dict[str, str]) -> list[Sco]:
    """The SCOs of a built site, one per slug, in the order given."""
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    return [Sco(slug, titles[slug], f"{slug}.html",
                sco_files(slug, files, page_files((site / f"{slug}.html").read_text(encoding="utf-8"))))
            for slug in slugs]


def write_packages(site: Path, out: Path, slugs: list[str], titles: dict[str, str],
                   course_title: str = "ML exercises", edition: Edition = EDITIONS["1.2"]) -> list[Path]:
    """`out/SLUG.zip` for every slug and `out/course.zip` with them all, from a site built
    without a service worker; the paths written."""
    if (site / "sw.js").exists():
        raise ProblemError(site / "sw.js", "a SCORM package must not install a service worker",
                           "build the site with service_worker=False")
    scos = site_scos(site, slugs, titles)
    written = [write_package(out / f"{sco.slug}.zip", site, f"exercise-{sco.slug}", sco.title, [sco], edition)
               for sco in scos]
    written.append(write_package(out / f"{COURSE}.zip", site, "exercise-course", course_title, scos, edition))
    return written


def build_scorm(project: Project | Path, out: Path, only: list[str] | None = None, version: str = "1.2"
                ) -> list[Path]:
    """Check the problems of the project (or the course folder; every one, or those in
    `only`), build the site into a temporary folder without a service worker, and write
    the SCORM packages (`version` "1.2" or "2004") into `out`. Raises BuildError (from the site build) when a problem fails check."""
    edition = EDITIONS[version]
    from ..problems.course import load_course
    from ..problems.model import ProblemTrees, load_problem
    from .build import build_site

    project = Project.at(project)
    trees = ProblemTrees(project.root)
    with tempfile.TemporaryDirectory(prefix="scorm-site-") as scratch:
        built = build_site(project, Path(scratch) / "site", only=only, service_worker=False)
        titles = {slug: load_problem(trees, slug).title for slug in built.problems}
        written = write_packages(built.out, out, list(built.problems), titles, load_course(project.root).title, edition)
        shutil.rmtree(built.out, ignore_errors=True)
    return written
