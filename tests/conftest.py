"""Shared fixtures, and the tiers: each folder of tests/ is a tier with its own marker.

- unit: no process, no Node, no build (tests/unit/conftest.py refuses a subprocess);
- legs: both legs of `check` (CPython subprocesses, Pyodide under Node);
- site: builds, one per distinct variant; the repository's own site is `site_dir`;
- browser: journeys through the built site in Chromium.

`pytest -m unit` (or any tier) selects one; tests/js runs under `node --test` (`make js`).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from projects import ROOT, SHARED_CHECK_CACHE, SHARED_RUN_FOLDER, copy_problem, link_build_inputs

TESTS = Path(__file__).parent
TIERS = ("unit", "legs", "site", "browser")


def pytest_configure(config):
    """One check cache for the throwaway projects of this run (projects.link_build_inputs),
    and one folder for what the run builds once (projects.repository_wheel), made by the main
    process before xdist starts its workers, which inherit them."""
    if hasattr(config, "workerinput"):
        return
    config._shared_folders = {}
    for variable, prefix in ((SHARED_CHECK_CACHE, "exercisekit-test-check-"), (SHARED_RUN_FOLDER, "exercisekit-test-run-")):
        if not os.environ.get(variable):
            os.environ[variable] = config._shared_folders[variable] = tempfile.mkdtemp(prefix=prefix)


def pytest_unconfigure(config):
    for variable, made in getattr(config, "_shared_folders", {}).items():
        shutil.rmtree(made, ignore_errors=True)
        os.environ.pop(variable, None)


# The order tiers run in under `make test`: slowest first. xdist (--dist loadscope
# --no-loadscope-reorder) hands out modules in this order, so the last modules to start are
# the unit tier's quick ones, and no long browser module runs alone at the end while the
# other core idles.
SLOWEST_FIRST = ("browser", "site", "legs", "unit")


def pytest_collection_modifyitems(items):
    """Mark every test with the tier its folder names; a test outside every tier is an error,
    so that `make unit` and the markers never miss one. Then order the tests by tier, slowest
    tier first (SLOWEST_FIRST), keeping each module's own order."""
    tier_of = {}
    for item in items:
        parts = Path(str(item.fspath)).resolve().relative_to(TESTS).parts
        if len(parts) < 2 or parts[0] not in TIERS:
            raise pytest.UsageError(f"{item.nodeid}: a test belongs in one tier's folder, tests/{{{','.join(TIERS)}}}/ "
                                    "(see README.md, Tests, in tiers): move its file there")
        item.add_marker(getattr(pytest.mark, parts[0]))
        tier_of[item] = parts[0]
    items.sort(key=lambda item: SLOWEST_FIRST.index(tier_of[item]))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project root holding a copy of `vae_elbo_loss` only, able to build and run its Pyodide leg."""
    return link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The repository's own site: $SITE_DIR, which `make test` builds before the tests, and
    no test rebuilds; without it, one build per test session (per xdist worker)."""
    if os.environ.get("SITE_DIR"):
        site = Path(os.environ["SITE_DIR"])
        assert (site / "index.html").is_file(), f"SITE_DIR={site} holds no built site: run `make site`"
        return site
    from exercisekit.site.build import build_site

    return build_site(ROOT, tmp_path_factory.mktemp("built") / "site").out
