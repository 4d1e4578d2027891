"""Issue 31: the course is the instructor's. course.toml's title heads every page, its intro
(Markdown with math) is on the index and its footer (licence, contact) on every page, both
through the statements' pipeline (their safe HTML subset, KaTeX math, errors at their line); without
them the index claims nothing about the course."""
from __future__ import annotations

import re

import pytest
from projects import link_build_inputs, write_problem

from exercisekit.errors import ProblemError
from exercisekit.problems.course import course_texts_html, load_course
from exercisekit.site.build import BuildError, build_site

COURSE = '''title = "Kernels & friends"
intro = """
Week by week, from the dot product $x^\\\\top y$ to kernels.

<b>Bring</b> a laptop. [a link](javascript:alert(1))
"""
footer = "CC BY 4.0 · questions to [the teacher](mailto:teacher@example.org)"
'''


def write(root, text):
    (root / "course.toml").write_text(text, encoding="utf-8")
    return root


def test_intro_and_footer_are_read_with_the_line_their_text_starts_on(tmp_path):
    course = load_course(write(tmp_path, COURSE))
    assert course.intro.startswith("Week by week") and course.footer.startswith("CC BY 4.0")
    assert (course.text_line("intro"), course.text_line("footer")) == (3, 7)


def test_the_texts_go_through_the_safe_statement_pipeline(tmp_path):
    html = course_texts_html(load_course(write(tmp_path, COURSE)))
    assert "<math" in html["intro"] or "katex" in html["intro"]   # typeset at build time
    assert "<b>Bring</b>" in html["intro"]   # the statements' safe HTML subset
    assert 'href="javascript:' not in html["intro"]
    assert '<a href="mailto:teacher@example.org">the teacher</a>' in html["footer"]


def test_bad_math_in_the_intro_is_an_error_at_its_line_of_course_toml(tmp_path):
    write(tmp_path, 'title = "T"\nintro = """\nFine.\n\nBroken $\\\\frac{1}{$ here.\n"""\n')
    with pytest.raises(ProblemError) as info:
        course_texts_html(load_course(tmp_path))
    assert (str(info.value.file), info.value.line) == ("course.toml", 5)
    write(tmp_path, 'footer = "costs $5"\n')
    with pytest.raises(ProblemError, match="dollar sign") as info:
        course_texts_html(load_course(tmp_path))
    assert info.value.line == 1


def test_html_outside_the_safe_subset_and_images_are_refused_at_their_line(tmp_path):
    write(tmp_path, 'title = "T"\nintro = """\nFine.\n\n<script>alert("intro")</script>\n"""\n')
    with pytest.raises(ProblemError, match="<script> is not allowed") as info:
        course_texts_html(load_course(tmp_path))
    assert (str(info.value.file), info.value.line) == ("course.toml", 5)
    write(tmp_path, 'footer = "![logo](logo.png)"\n')
    with pytest.raises(ProblemError, match="images ship with a problem's statement only"):
        course_texts_html(load_course(tmp_path))


def test_a_text_that_is_not_a_string_names_the_key(tmp_path):
    with pytest.raises(ProblemError, match="`intro` should be a non-empty string"):
        load_course(write(tmp_path, "intro = 3\n"))


def one_problem_course(root):
    write_problem(root, "double", names={"test_two": "Doubles two"},
                  tests="from double import double\n\n\ndef test_two():\n    assert double(2) == 4\n",
                  reference="def double(x):\n    return 2 * x\n", wrong={"same": "def double(x):\n    return x\n"})
    return link_build_inputs(root)


def test_every_page_has_the_course_title_and_footer_and_the_index_its_intro(tmp_path):
    project = write(one_problem_course(tmp_path / "course"), COURSE)
    site = build_site(project, tmp_path / "site").out
    index, page = (site / "index.html").read_text(), (site / "double.html").read_text()
    for html in (index, page):
        assert '<a class="home" href="index.html" data-lms-hide data-testid="course-title">Kernels &amp; friends</a>' \
            in html
        assert re.search(r'<footer class="site-footer" data-testid="course-footer"><p>CC BY 4.0', html)
        assert "ML exercises" not in html
    assert "<title>double · Kernels &amp; friends</title>" in page
    assert 'data-testid="course-intro"><p>Week by week' in index and "katex" in index
    assert "<b>Bring</b>" in index and 'href="javascript:' not in index


def test_without_texts_the_index_claims_nothing_about_the_course(tmp_path):
    site = build_site(one_problem_course(tmp_path / "course"), tmp_path / "site").out
    index = (site / "index.html").read_text()
    assert "builds on" not in index and "course-intro" not in index and "course-footer" not in index
    assert "ML exercises" not in index


def test_bad_math_in_the_intro_stops_the_build_before_any_check(tmp_path):
    project = write(one_problem_course(tmp_path / "course"), 'intro = "see $\\\\frac{1}{$"\n')
    with pytest.raises(BuildError, match="course.toml:1: "):
        build_site(project, tmp_path / "site")
