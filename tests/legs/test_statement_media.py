"""Statements carry what notebooks carry (issue 32): images of the problem's folder with
alt text, shipped content-named; a safe subset of raw HTML (tables), re-written from its
parse; and the TeX notebooks use that strict KaTeX refused, accepted or refused by name."""
from __future__ import annotations

import re

import pytest
from projects import copy_problem

from exercisekit.errors import ProblemError
from exercisekit.problems.model import ProblemTrees, load_problem
from exercisekit.problems.statement_media import MediaError, sanitize
from exercisekit.problems.statements import render_statement, statement_images

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 16
TABLE = """<table>
<caption>Scores</caption>
<tr><th scope="col">model</th><th colspan="2">accuracy</th></tr>
<tr><td>logistic &amp; L2</td><td>0.91</td><td><b>best</b></td></tr>
</table>"""


def with_statement(tmp_path, extra: str, files: dict[str, bytes] | None = None):
    copy_problem(tmp_path, "kl_diag_gaussian")
    folder = tmp_path / "exercise" / "kl_diag_gaussian"
    statement = folder / "statement.md"
    statement.write_text(statement.read_text().replace("## Input", extra + "\n\n## Input", 1))
    for name, data in (files or {}).items():
        (folder / name).write_bytes(data)
    return load_problem(ProblemTrees(tmp_path), "kl_diag_gaussian")


def line_of(problem, text: str) -> int:
    return problem.statement.splitlines().index(text) + 1


def test_a_table_is_kept_and_re_written_from_its_parse(tmp_path):
    page = render_statement(with_statement(tmp_path, TABLE))
    assert '<th scope="col">model</th><th colspan="2">accuracy</th>' in page
    assert "<td>logistic &amp; L2</td>" in page and "<b>best</b>" in page


@pytest.mark.parametrize("fragment, named", [
    ("<script>alert(1)</script>", "<script>"),
    ('<table onclick="steal()"><tr><td>1</td></tr></table>', "`onclick` of <table>"),
    ('<img src="x" onerror="steal()">', "<img>"),
    ('<td colspan="2; x">1</td>', "`colspan` of <td>"),
    ("<iframe src=https://example.org></iframe>", "<iframe>"),
])
def test_html_outside_the_subset_is_refused_at_its_line_naming_it(tmp_path, fragment, named):
    problem = with_statement(tmp_path, fragment)
    with pytest.raises(ProblemError) as caught:
        render_statement(problem)
    assert named in caught.value.message and "not allowed in a statement" in caught.value.message
    assert caught.value.line == line_of(problem, fragment)


def test_the_sanitizer_never_passes_markup_through_as_text():
    assert sanitize("<p>a < b &lt;script&gt;</p>") == "<p>a &lt; b &lt;script&gt;</p>"
    assert sanitize("<!-- a note --><br/>") == "<br>"
    with pytest.raises(MediaError):
        sanitize("<style>body{}</style>")


def test_an_image_ships_content_named_with_its_alt_text(tmp_path):
    problem = with_statement(tmp_path, "![The KL against mu: a parabola](kl_curve.png)", {"kl_curve.png": PNG})
    page = render_statement(problem)
    found = re.search(r'<img src="(assets/statement/kl_curve\.[0-9a-f]{10}\.png)" alt="The KL against mu: a parabola"',
                      page)
    assert found, page
    images = statement_images(problem)
    assert list(images) == [found.group(1)] and images[found.group(1)].read_bytes() == PNG


@pytest.mark.parametrize("markdown, message", [
    ("![](kl_curve.png)", "has no alt text"),
    ("![a plot](https://example.org/plot.png)", "a page fetches nothing from elsewhere"),
    ("![a plot](missing.png)", "does not exist"),
    ("![a plot](../../README.md)", "outside the problem's folder"),
    ("![a plot](notes.txt)", "not an image the page can show"),
])
def test_a_bad_image_is_refused_at_its_line(tmp_path, markdown, message):
    problem = with_statement(tmp_path, markdown, {"kl_curve.png": PNG, "notes.txt": b"x"})
    with pytest.raises(ProblemError, match=re.escape(message)) as caught:
        render_statement(problem)
    assert caught.value.line == line_of(problem, markdown)


def test_notebook_tex_mbox_and_no_break_space_are_accepted(tmp_path):
    page = render_statement(with_statement(tmp_path, "Here $x \\mbox{ if } y$ and $a\u00a0b$."))
    assert "katex" in page and "\\mbox" not in page.split("<annotation")[0]


def test_a_dollar_inside_text_in_inline_math_is_refused_naming_it_and_the_fix(tmp_path):
    text = "Cost $c = 1 \\text{ if $x$ is large}$ here."
    problem = with_statement(tmp_path, text)
    with pytest.raises(ProblemError) as caught:
        render_statement(problem)
    assert "a `$` inside `\\text{...}` ends the inline formula early" in caught.value.message
    assert "$$...$$" in caught.value.message and caught.value.line == line_of(problem, text)

