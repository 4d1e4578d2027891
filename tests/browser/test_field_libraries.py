"""The SciPy/scikit-learn track in the browser (issue 32): each problem's page loads Pyodide's
own scipy (and scikit-learn) builds, only on its own page, its reference solves it and a
known-wrong solution is caught and named. Documented hooks only: data-testid and window.exercise."""
from __future__ import annotations

import hashlib

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


# Each page's reference solving it (5 of 5, no stop, the solved mark) after the known-wrong
# solution named above failed, named, unsolved, and logreg_objective's given code shown
# read-only above the editor: that problem's journey in tests/browser/test_diagnosis_and_index.py
# (FIELD_WRONG, assert_given_code_is_shown_read_only_above_the_editor), on the page that walks
# the course.
