"""The browser runtime's speed levers: bytecode for what a run imports, prepared pytest runs."""
from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from projects import ROOT

from exercisekit.assets import bytecode
from exercisekit.assets.vendor import runtime_files
from exercisekit.project import Project

INSTALL = "/lib/site-packages"


def make_wheel(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        wheel.writestr("pkg/__init__.py", "")
        wheel.writestr("pkg/used.py", "def answer():\n    return 42\n")
        wheel.writestr("pkg/unused.py", "VALUE = 1\n")
        wheel.writestr("pkg/broken.py", "def broken(:\n")
        wheel.writestr("pkg-1.0.dist-info/RECORD", "stale\n")


def test_only_wanted_modules_become_bytecode_and_the_archive_still_imports(tmp_path):
    source, dest = tmp_path / "pkg-1.0-py3-none-any.whl", tmp_path / "out.whl"
    make_wheel(source)
    wanted = {f"{INSTALL}/pkg/__init__.py", f"{INSTALL}/pkg/used.py", f"{INSTALL}/pkg/broken.py"}
    assert bytecode.compile_archive(str(source), str(dest), INSTALL, wanted) == 2
    with zipfile.ZipFile(dest) as wheel:
        names = set(wheel.namelist())
        record = wheel.read("pkg-1.0.dist-info/RECORD").decode().splitlines()
        contents = {name: wheel.read(name) for name in names}
    # A file that does not compile stays as source rather than breaking the build.
    assert names == {"pkg/__init__.pyc", "pkg/used.pyc", "pkg/unused.py", "pkg/broken.py",
                     "pkg-1.0.dist-info/RECORD"}
    for row in record[:-1]:
        name, digest, size = row.split(",")
        expected = base64.urlsafe_b64encode(hashlib.sha256(contents[name]).digest()).rstrip(b"=").decode()
        assert digest == f"sha256={expected}" and int(size) == len(contents[name])
    # Sourceless bytecode imports (here through zipimport, with this interpreter's bytecode).
    done = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import pkg.used, "
                           "pkg.unused; print(pkg.used.answer(), pkg.used.__file__.endswith('.pyc'))", str(dest)],
                          capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["42", "True"]


def test_shipped_runtime_holds_bytecode_for_what_a_test_run_imports():
    core, wheels = runtime_files(Project.at(ROOT))
    with zipfile.ZipFile(core["python_stdlib.zip"]) as stdlib:
        names = set(stdlib.namelist())
    assert {"argparse.pyc", "inspect.pyc", "zipfile/__init__.pyc"} <= names      # pytest's imports
    assert "argparse.py" not in names
    assert {"ftplib.py", "mailbox.py"} <= names                                    # never imported
    with zipfile.ZipFile(wheels["pytest"]) as wheel:
        assert "_pytest/python.pyc" in wheel.namelist()
    with zipfile.ZipFile(wheels["numpy"]) as wheel:
        assert "numpy/__init__.pyc" in wheel.namelist()


SAMPLE = {"module": "sample", "function": "value", "names": {"test_value": "Value"}, "tolerance": 1e-6,
          "files": {"test_sample.py": {"text": "from sample import value\n\ndef test_value():\n"
                                               "    assert value() == 42, 'wrong value'\n"}},
          "probes": None, "mistakes": {}}


def run_session(script: str) -> list[dict]:
    """Run `script` in a fresh interpreter (a pytest run inside this one would share its
    modules), with `session` a Session on a one-test problem; it prints a JSON list."""
    code = ("import json, sys, tempfile\nfrom exercisekit.runtime.session import Session\n"
            "session = Session(json.loads(sys.stdin.read()), tempfile.mkdtemp())\n" + script)
    done = subprocess.run([sys.executable, "-c", code], input=json.dumps(SAMPLE), capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return json.loads(done.stdout)


def test_a_prepared_run_gives_what_a_fresh_run_gives():
    results = run_session("code = 'def value():\\n    return 41\\n'\n"
                          "fresh = session.warm_up(code).to_json()\n"
                          "session.prepare_next()\n"
                          "prepared = session.evaluate(code).to_json()\n"
                          "print(json.dumps([fresh, prepared]))")
    for result in results:
        assert (result["passed"], result["total"]) == (0, 1)
        assert result["rows"][0]["message"] == "wrong value"
        assert result["rows"][0]["line"] is None   # the failing line is the test's, not the learner's


def test_a_new_runtime_build_replaces_the_old_one_in_the_cache(tmp_path):
    cache = tmp_path / "vendor"
    cache.mkdir()
    for wheel in (ROOT / ".cache" / "vendor").glob("*.whl"):  # downloaded by earlier builds
        shutil.copyfile(wheel, cache / wheel.name)
    # numpy is Pyodide's own build, cached with the other files of Pyodide's lock (issue 32).
    shutil.copytree(ROOT / ".cache" / "vendor" / "pyodide-packages", cache / "pyodide-packages")
    stale = cache / "compiled" / "0123456789abcdef"
    stale.mkdir(parents=True)
    core, wheels = runtime_files(Project(ROOT, vendor_dir=cache))
    assert not stale.exists()
    assert core["python_stdlib.zip"].is_file() and all(path.is_file() for path in wheels.values())
    assert [p.name for p in (cache / "compiled").iterdir()] == [core["pyodide.mjs"].parent.parent.name]


FIXTURE_TESTS = '''
import pytest
from sample import value


@pytest.mark.parametrize("offset", [0, 1])
def test_parametrize_and_approx(offset):
    assert value() + offset == pytest.approx(42 + offset)


def test_raises():
    with pytest.raises(ZeroDivisionError):
        value() / 0


def test_fixtures(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr("sample.value", lambda: 7)
    import sample
    assert sample.value() == 7
    print("hello")
    assert capsys.readouterr().out == "hello\\n"
    (tmp_path / "f.txt").write_text("x")
    assert (tmp_path / "f.txt").read_text() == "x"
'''


def test_the_features_authors_use_work_under_cpython_and_in_pyodide():
    from exercisekit.check.cpython import Failure, evaluate
    from exercisekit.check.pyodide import run_in_pyodide

    data = {"module": "sample", "function": "value", "names": {}, "tolerance": 1e-6, "probes": None,
            "mistakes": {}, "files": {"test_sample.py": {"text": FIXTURE_TESTS}}}
    jobs = [{"problem": "sample", "code": "def value():\n    return 42\n", "trusted": True}]
    [cpython] = evaluate({"sample": data}, jobs, 60, Failure(Path("tests"), "-", "failed", "-"))
    [pyodide] = run_in_pyodide({"sample": data}, jobs, Project.at(ROOT), Path("tests"))
    for result in (cpython, pyodide):
        assert (result["passed"], result["total"]) == (4, 4), result
