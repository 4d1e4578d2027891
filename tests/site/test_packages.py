"""Extra pure-Python packages per problem: resolved with pip, pinned in packages.lock.json,
installed for both legs of `check` and shipped only to the pages that ask for them."""
from __future__ import annotations

import json

import pytest
from projects import link_build_inputs, write_problem

from exercisekit.assets.packages import LOCK_FILE
from exercisekit.check import PYODIDE, check_all
from exercisekit.site.build import build_site

TESTS = '''
from dates import weekday


def test_weekday():
    assert weekday("2026-12-01") == "Tuesday", "2026-12-01 was a Tuesday"
'''
# dateutil needs `six`: a dependency the resolver must find and pin too.
REFERENCE = '''
from dateutil import parser


def weekday(text):
    return parser.parse(text).strftime("%A")
'''
PACKAGE = "python-dateutil==2.9.0.post0"


def dated_problem(root, slug="dates", packages=(PACKAGE,)):
    write_problem(root, slug, tests=TESTS.replace("from dates", f"from {slug}"), names={"test_weekday": "Weekday"},
                  reference=REFERENCE, function="weekday",
                  wrong={"monday_always": "def weekday(text):\n    return 'Monday'\n"})
    meta = root / "exercise" / slug / "problem.toml"
    listed = ", ".join(f'"{p}"' for p in packages)
    meta.write_text(meta.read_text().replace("[tests]", f"packages = [{listed}]\n\n[tests]"))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = link_build_inputs(tmp_path_factory.mktemp("packages"))
    dated_problem(root)
    # Imports the same package without asking for it: must fail, even checked beside `dates`.
    dated_problem(root, "undeclared", packages=())
    write_problem(root, "plain", tests="from plain import one\n\ndef test_one():\n    assert one() == 1\n",
                  names={"test_one": "One"}, reference="def one():\n    return 1\n", function="one")
    return root


@pytest.fixture(scope="module")
def reports(project):
    return {report.slug: report for report in check_all(project)}


def test_a_pure_package_and_its_dependency_are_pinned_in_the_lock_file(project, reports):
    assert reports["dates"].ok, reports["dates"].errors
    lock = json.loads((project / LOCK_FILE).read_text())
    files = lock["requirements"][PACKAGE]
    assert [f.split("-")[0] for f in files] == ["python_dateutil", "six"]
    assert all(len(lock["wheels"][f]["sha256"]) == 64 for f in files)


def test_both_legs_run_with_the_package_installed(reports):
    results = reports["dates"].results
    for leg in ("", PYODIDE):
        assert results[leg + "reference"]["passed"] == results[leg + "reference"]["total"] == 1, leg
        assert results[leg + "wrong/monday_always"]["passed"] == 0, leg


def test_a_problem_that_does_not_ask_for_the_package_cannot_use_it(reports):
    report = reports["undeclared"]
    assert not report.ok
    assert any("No module named 'dateutil'" in e.message and "`packages`" in e.fix for e in report.errors), \
        report.errors


def test_only_the_pages_that_ask_for_a_package_get_it(project, reports, tmp_path):
    site = build_site(project, tmp_path / "site", strict=False).out
    wheels = sorted(p.name for p in (site / "assets" / "packages").iterdir())
    assert [w.split("-")[0] for w in wheels] == ["python_dateutil", "six"]
    config = (site / "dates.html").read_text()
    assert '"packageWheels": ["assets/packages/python_dateutil-' in config
    assert '"packageWheels": []' in (site / "plain.html").read_text()


def test_a_wheel_that_does_not_match_its_pin_is_refused(project, reports, tmp_path):
    lock = json.loads((project / LOCK_FILE).read_text())
    six = next(f for f in lock["requirements"][PACKAGE] if f.startswith("six"))
    cached = project / ".cache" / "packages" / six
    original = cached.read_bytes()
    cached.write_bytes(original[:-8] + b"tampered")
    try:
        (report,) = check_all(project, only=["dates"], pyodide=False)
    finally:
        cached.write_bytes(original)
    [error] = report.errors
    assert "SHA-256 mismatch" in error.message and six in str(error.file)


def test_a_package_with_compiled_code_is_refused_with_the_reason(tmp_path):
    link_build_inputs(tmp_path)
    # Not in Pyodide's lock (a compiled package of the lock is Pyodide's build: test_pyodide_packages.py).
    dated_problem(tmp_path, "compiled", packages=("psutil==5.9.8",))
    (report,) = check_all(tmp_path, pyodide=False)
    [error] = report.errors
    assert "has no pure-Python wheel on PyPI" in error.message and "no Pyodide build" in error.message
    assert "choose a pure-Python package" in error.fix


def test_a_package_must_be_pinned(tmp_path):
    link_build_inputs(tmp_path)
    dated_problem(tmp_path, "loose", packages=("python-dateutil>=2",))
    (report,) = check_all(tmp_path, pyodide=False)
    assert "is not pinned to one version" in report.errors[0].message
