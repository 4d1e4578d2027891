"""course.toml: title, base URL and tracks; unknown keys and unknown problems name the nearest
valid one; the index shows each track in its order, then the problems in no track."""
from __future__ import annotations

import re

import pytest
from projects import copy_problem, link_build_inputs

from exercisekit.problems.course import load_course
from exercisekit.site.build import BuildError, build_site


def write(root, text):
    (root / "course.toml").write_text(text, encoding="utf-8")
    return root








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


def test_this_repository_has_the_vae_path_as_a_track_in_prerequisite_order():
    import tomllib

    from projects import ROOT

    slugs = sorted(p.name for p in (ROOT / "exercise").iterdir() if (p / "problem.toml").is_file())
    course = load_course(ROOT, slugs)
    tracks = dict(course.tracks)
    track = tracks["The VAE path"]
    assert course.tracks[0][0] == "The VAE path" and track[0] == "kl_diag_gaussian" and "vae_elbo_loss" in track
    assert tracks["Fitting with SciPy and scikit-learn"] == ("fit_exponential_decay", "logreg_objective")
    for track in tracks.values():
        for index, slug in enumerate(track):   # a track a learner follows never needs a later step first
            prerequisites = tomllib.loads((ROOT / "exercise" / slug / "problem.toml").read_text()).get("prerequisites", [])
            assert set(prerequisites) & set(track) <= set(track[:index]), (slug, prerequisites)


def test_each_problem_page_knows_its_neighbours_on_its_tracks(tmp_path):
    import json
    import tomllib

    project = link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))
    copy_problem(project, "kl_diag_gaussian")
    copy_problem(project, "gaussian_nll")
    write(project, '[tracks]\n"Losses" = ["gaussian_nll", "vae_elbo_loss", "kl_diag_gaussian"]\n'
          '"Short" = ["kl_diag_gaussian", "gaussian_nll"]\n')
    out = build_site(project, tmp_path / "site").out

    def step(slug):
        title = tomllib.loads((project / "exercise" / slug / "problem.toml").read_text())["title"]
        return {"url": f"{slug}.html", "title": title}

    def tracks(slug):
        html = (out / f"{slug}.html").read_text()
        config = re.search(r'<script type="application/json" id="exercise-config">(.*?)</script>', html, re.S)
        return json.loads(config.group(1))["tracks"]

    assert tracks("vae_elbo_loss") == [{"name": "Losses", "prev": step("gaussian_nll"),
                                        "next": step("kl_diag_gaussian")}]
    assert tracks("gaussian_nll") == [{"name": "Losses", "prev": None, "next": step("vae_elbo_loss")},
                                      {"name": "Short", "prev": step("kl_diag_gaussian"), "next": None}]
    assert tracks("kl_diag_gaussian") == [{"name": "Losses", "prev": step("vae_elbo_loss"), "next": None},
                                          {"name": "Short", "prev": None, "next": step("gaussian_nll")}]
