"""The SciPy/scikit-learn track in the browser (issue 32): each problem's page loads Pyodide's
own scipy (and scikit-learn) builds, only on its own page, its reference solves it and a
known-wrong solution is caught and named. Documented hooks only: data-testid and window.exercise."""
from __future__ import annotations

import hashlib
import json

import pytest
from helpers import open_problem, run_code, source, wait_ready

from exercisekit.assets.pyodide_packages import read_lock
from exercisekit.project import Project
from exercisekit.site.scorm import page_wheels

TRACK = {"fit_exponential_decay": ("log_linear_fit", ["libopenblas", "scipy"]),
         "logreg_objective": ("mean_not_sum", ["joblib", "libopenblas", "scikit_learn", "scipy", "threadpoolctl"])}


def shipped_names(site_dir, slug):
    return sorted(url.rsplit("/", 1)[1].split("-")[0] for url in page_wheels((site_dir / f"{slug}.html").read_text()))


def lock_file_name(shipped: str) -> str:
    """The lock's file name of a shipped file: NAME-VERSION-TAGS.HASH.zip was a wheel,
    NAME-VERSION.HASH.dynlib.zip a shared library's zip (site/build.py vendor_packages)."""
    if shipped.endswith(".dynlib.zip"):
        return shipped.removesuffix(".dynlib.zip").rsplit(".", 1)[0] + ".zip"
    return shipped.removesuffix(".zip").rsplit(".", 1)[0] + ".whl"


def test_each_page_ships_only_the_pyodide_builds_it_needs_verified(site_dir, tmp_path):
    by_file = read_lock(Project(tmp_path)).by_file()
    for slug, (_, names) in TRACK.items():
        assert shipped_names(site_dir, slug) == names, slug
        for url in page_wheels((site_dir / f"{slug}.html").read_text()):
            original = lock_file_name(url.rsplit("/", 1)[1])
            digest = hashlib.sha256((site_dir / url).read_bytes()).hexdigest()
            assert digest == by_file[original].sha256, f"{url} is not Pyodide's own {original}"
    assert shipped_names(site_dir, "kl_diag_gaussian") == []   # a numpy problem loads none of it


@pytest.mark.parametrize("slug", sorted(TRACK))
def test_the_reference_solves_it_and_a_known_wrong_one_is_named(page, base_url, slug):
    wrong_name = TRACK[slug][0]
    open_problem(page, base_url, slug)
    wait_ready(page)
    wrong = run_code(page, source(f"solutions/{slug}/wrong/{wrong_name}.py"))
    assert wrong["stop"] is None and wrong["passed"] < wrong["total"], json.dumps(wrong)[:2000]
    assert (wrong["diagnosis"] or {}).get("name") == wrong_name, wrong["diagnosis"]
    assert not page.is_visible("[data-testid=solved]")
    result = run_code(page, source(f"solutions/{slug}/reference.py"))
    assert (result["passed"], result["total"], result["stop"]) == (5, 5, None), json.dumps(result)[:2000]
    assert page.is_visible("[data-testid=solved]")


def test_a_function_problem_shows_its_given_code_read_only(page, base_url):
    open_problem(page, base_url, "logreg_objective")
    given = page.locator("[data-testid=given-before]")
    assert given.locator("pre").text_content() == source("hidden_tests/logreg_objective/given_code.py").strip("\n")
    assert given.locator("[contenteditable=true], textarea, input").count() == 0
    assert given.bounding_box()["y"] + given.bounding_box()["height"] <= \
        page.locator("[data-testid=editor]").bounding_box()["y"]
