"""course.toml read on literal files: title, base URL and tracks, and mistakes that name the
nearest valid name. The index built from it is in tests/site/test_course.py."""
from __future__ import annotations

import pytest

from exercisekit.errors import ProblemError
from exercisekit.problems.course import Course, load_course


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
