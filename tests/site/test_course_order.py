"""Issue 31: course.toml's tracks are the course's order. One function (views.course_order)
computes it; the index, the pager, the built *Next* link and the SCORM organisation follow it.
Prerequisites stay shown dependencies and never reorder a track."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from projects import link_build_inputs, write_problem

from exercisekit.problems.course import Course
from exercisekit.problems.model import Problem
from exercisekit.site.build import build_site
from exercisekit.site.scorm import build_scorm
from exercisekit.site.views import course_order

TESTS = "from {slug} import {slug}\n\n\ndef test_doubles():\n    assert {slug}(2) == 4\n"


def problem(slug: str, prerequisites: tuple[str, ...] = (), difficulty: str = "Easy") -> Problem:
    """Only the fields the order reads are real; the rest is never touched by it."""
    fake = Problem.__new__(Problem)
    object.__setattr__(fake, "slug", slug)
    object.__setattr__(fake, "prerequisites", list(prerequisites))
    object.__setattr__(fake, "difficulty", difficulty)
    return fake


def slugs(problems: list[Problem]) -> list[str]:
    return [p.slug for p in problems]


def test_tracks_in_file_order_then_the_rest_by_prerequisites():
    problems = [problem("a"), problem("b", ("a",)), problem("c", ("b",)), problem("d"), problem("e", ("d",), "Hard"),
                problem("f")]
    # "Week 2" lists c before its prerequisite b: the instructor's order wins.
    course = Course(tracks=(("Week 1", ("d", "a")), ("Week 2", ("c", "b"))))
    assert slugs(course_order(problems, course)) == ["d", "a", "c", "b", "f", "e"]


def test_a_problem_on_two_tracks_comes_where_it_first_appears():
    problems = [problem("a"), problem("b"), problem("c")]
    course = Course(tracks=(("One", ("b", "a")), ("Two", ("a", "c"))))
    assert slugs(course_order(problems, course)) == ["b", "a", "c"]


def test_without_tracks_the_order_is_the_prerequisite_path():
    problems = [problem("z"), problem("y", ("z",)), problem("x", ("y",))]
    assert slugs(course_order(problems, Course())) == ["z", "y", "x"]


def test_a_track_problem_not_built_is_skipped():
    assert slugs(course_order([problem("a")], Course(tracks=(("T", ("gone", "a")),)))) == ["a"]


def outside_course(root: Path) -> Path:
    """A course written from scratch (nothing of this repository's problems): five tiny
    problems, two tracks whose order goes against the prerequisites, one problem on no track."""
    for slug in ("week1_a", "week1_b", "week2_a", "week2_b", "extra"):
        write_problem(root, slug, tests=TESTS.format(slug=slug), names={"test_doubles": "Doubles two"},
                      reference=f"def {slug}(x):\n    return 2 * x\n", wrong={"same": f"def {slug}(x):\n    return x\n"})
    meta = root / "exercise" / "week1_a" / "problem.toml"   # week1_a needs week2_b, listed later
    meta.write_text(meta.read_text().replace('difficulty = "Easy"\n',
                                             'difficulty = "Easy"\nprerequisites = ["week2_b"]\n'))
    (root / "course.toml").write_text('title = "Outside course"\n[tracks]\n"Week 1" = ["week1_b", "week1_a"]\n'
                                      '"Week 2" = ["week2_b", "week2_a"]\n', encoding="utf-8")
    return link_build_inputs(root)


ORDER = ["week1_b", "week1_a", "week2_b", "week2_a", "extra"]


def pager(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="pager".*?</nav>', html, re.S).group(0)
    return dict((rel, href[:-5]) for href, rel in re.findall(r'<a href="([\w.]+)" rel="(\w+)"', nav))


def next_link(html: str) -> str:
    return re.search(r'data-testid="next"[^>]*><a href="([\w.]+)"', html).group(1)


def test_an_outside_course_builds_pages_and_a_scorm_package_in_track_order(tmp_path):
    project = outside_course(tmp_path / "course")
    site = build_site(project, tmp_path / "site", service_worker=False).out
    index = (site / "index.html").read_text()
    assert re.findall(r'data-slug="(\w+)"', index) == ORDER
    assert f'data-testid="continue" href="{ORDER[0]}.html"' in index
    for at, slug in enumerate(ORDER):
        html = (site / f"{slug}.html").read_text()
        expected = {}
        if at:
            expected["prev"] = ORDER[at - 1]
        if at + 1 < len(ORDER):
            expected["next"] = ORDER[at + 1]
        assert pager(html) == expected, slug
        assert next_link(html) == (f"{ORDER[at + 1]}.html" if at + 1 < len(ORDER) else "index.html"), slug
    # The prerequisite stays a shown dependency on the page, not an order.
    assert '<span class="after">after <a href="week2_b.html">' in (site / "week1_a.html").read_text()

    build_scorm(project, tmp_path / "scorm")
    with zipfile.ZipFile(tmp_path / "scorm" / "course.zip") as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    items = [item.get("identifier") for item in manifest.iter() if item.tag.endswith("}item")]
    assert items == [f"ITEM-{slug}" for slug in ORDER]
