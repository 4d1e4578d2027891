"""Every known-wrong solution of the repository, run on its own, fails and is named as
itself with its summary, in both legs: the same Session, problem data and Pyodide the page
runs (the page showing a name is proven once per problem by
tests/browser/test_diagnosis_and_index.py). The reports come from `check` with the
repository's cache, which `make test` fills before the tests run."""
from __future__ import annotations

import pytest
from projects import ROOT

from exercisekit.check import CPYTHON, IN_PYODIDE, RunKey, caught, check_all
from exercisekit.project import Project

SLUGS = sorted(p.name for p in (ROOT / "exercise").iterdir() if p.is_dir())
# Only a problem with probes.py names its known-wrong solutions (a script problem may have none).
WRONG = [(slug, p.stem) for slug in SLUGS if (ROOT / "hidden_tests" / slug / "probes.py").is_file()
         for p in sorted((ROOT / "solutions" / slug / "wrong").glob("*.py"))]


@pytest.fixture(scope="module")
def reports():
    project = Project.at(ROOT)
    return {report.slug: report for report in check_all(project, cache_dir=project.check_cache)}


@pytest.mark.parametrize("slug, name", WRONG)
def test_each_known_wrong_solution_is_named(reports, slug, name):
    report = reports[slug]
    assert report.ok, [str(e) for e in report.errors]
    summary = (ROOT / "solutions" / slug / "wrong" / f"{name}.py").read_text().split('"""')[1].splitlines()[0]
    for leg in (CPYTHON, IN_PYODIDE):
        result = report.results[RunKey(leg, f"wrong/{name}")]
        assert caught(result) and result["passed"] < result["total"], (leg, result)
        assert result["diagnosis"]["name"] == name, leg
        assert result["diagnosis"]["summary"] == summary, leg
