"""Issue 31: the files a learner's code opens (hidden_tests/SLUG/data/) are shown on the
problem's page: name, size, and the first lines of a text file."""
from __future__ import annotations

import html
import re

from projects import link_build_inputs

from exercisekit.authoring.scaffold import new_problem
from exercisekit.problems.model import ProblemTrees, load_problem
from exercisekit.site.build import build_site
from exercisekit.site.views import DATA_PREVIEW_LINES, data_files


def test_text_files_show_their_first_lines_and_binary_ones_only_their_size(tmp_path):
    new_problem(tmp_path, "reads", "data")
    data = tmp_path / "hidden_tests" / "reads" / "data"
    (data / "long.txt").write_text("".join(f"line {i}\n" for i in range(20)))
    (data / "weights.npy").write_bytes(b"\x93NUMPY\x00\x01" + bytes(100))
    shown = {f.name: f for f in data_files(load_problem(ProblemTrees(tmp_path), "reads"))}
    assert list(shown) == ["long.txt", "measurements.csv", "weights.npy"]
    assert shown["long.txt"].head == tuple(f"line {i}" for i in range(DATA_PREVIEW_LINES)) and shown["long.txt"].more
    assert shown["measurements.csv"].head[0] == "1.0,10.0,-2.0" and not shown["measurements.csv"].more
    assert shown["weights.npy"].head == () and shown["weights.npy"].size == 108
    assert shown["weights.npy"].size_text == "108 bytes"


def test_the_page_shows_the_data_files_and_a_problem_without_shows_none(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    link_build_inputs(course)
    new_problem(course, "reads", "data")
    new_problem(course, "plain")
    site = build_site(course, tmp_path / "site").out
    page = (site / "reads.html").read_text()
    section = re.search(r'<section class="data-files" data-testid="data-files">.*?</section>', page, re.S).group(0)
    assert 'data-name="measurements.csv"' in section and "(52 bytes)" in section
    assert html.escape("1.0,10.0,-2.0\n2.0,14.0,0.0") in section
    assert "data-files" not in (site / "plain.html").read_text()
