"""course.toml: title, base URL and tracks; unknown keys and unknown problems name the nearest
valid one; the index shows each track in its order, then the problems in no track."""
from __future__ import annotations

import re

import pytest
from projects import copy_problem, link_build_inputs

from exercisekit.errors import ProblemError
from exercisekit.problems.course import Course, load_course
from exercisekit.site.build import BuildError, build_site


def write(root, text):
    (root / "course.toml").write_text(text, encoding="utf-8")
    return root


def test_no_course_toml_gives_the_defaults(tmp_path):
    assert load_course(tmp_path) == Course()


def test_title_base_url_and_tracks_in_file_order(tmp_path):
    course = load_course(write(tmp_path, 'title = "Deep learning"\nbase_url = "https://me.github.io/dl"\n'
                               '[tracks]\n"Second" = ["b", "a"]\n"First" = ["a"]\n'), ["a", "b"])
    assert course.title == "Deep learning" and course.base_url == "https://me.github.io/dl/"
    assert course.tracks == (("Second", ("b", "a")), ("First", ("a",)))


@pytest.mark.parametrize("text, message, fix", [
    ('titel = "x"\n', "unknown key `titel`", "did you mean `title`?"),
    ('[track]\n"A" = ["a"]\n', "unknown key `track`", "did you mean `tracks`?"),
    ('[tracks]\n"A" = ["vae_elbo_los"]\n', "names `vae_elbo_los`, which is no problem", "did you mean `vae_elbo_loss`?"),
    ('base_url = "me.github.io"\n', "not an absolute http(s) address", "write the full address"),
    ('[tracks]\n"A" = []\n', "should be a non-empty list", '"A" = ['),
])
def test_mistakes_name_the_file_and_the_nearest_valid_name(tmp_path, text, message, fix):
    with pytest.raises(ProblemError) as info:
        load_course(write(tmp_path, text), ["vae_elbo_loss", "kl_diag_gaussian"])
    assert str(info.value.file) == "course.toml" and message in info.value.message and fix in info.value.fix


def test_the_index_shows_tracks_in_order_then_the_rest(tmp_path):
    project = link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))
    copy_problem(project, "kl_diag_gaussian")
    copy_problem(project, "gaussian_nll")
    write(project, 'title = "A VAE course"\nbase_url = "https://example.org/vae/"\n'
          '[tracks]\n"Losses backwards" = ["vae_elbo_loss", "kl_diag_gaussian"]\n')
    index = (build_site(project, tmp_path / "site").out / "index.html").read_text()
    assert "<h1>A VAE course</h1>" in index and "<title>A VAE course</title>" in index
    assert '<link rel="canonical" href="https://example.org/vae/index.html">' in index
    track, rest = index.split("More problems")
    assert re.findall(r'data-slug="(\w+)"', track) == ["vae_elbo_loss", "kl_diag_gaussian"]
    assert re.findall(r'data-slug="(\w+)"', rest) == ["gaussian_nll"]


def test_a_track_naming_a_missing_problem_stops_the_build_first(tmp_path):
    project = link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))
    write(project, '[tracks]\n"A" = ["vae_elbo"]\n')
    with pytest.raises(BuildError, match="course.toml: track `A` names `vae_elbo`"):
        build_site(project, tmp_path / "site")
