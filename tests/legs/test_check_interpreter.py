"""Which Python runs check's CPython leg (check/interpreter.py): 3.13 where the machine has
one, the tool's own otherwise, saying why; Pyodide's builds become PyPI pins of the same
versions, pure wheels stay on sys.path."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from projects import ROOT

from exercisekit.assets import pyodide_packages
from exercisekit.check import interpreter
from exercisekit.project import Project


@pytest.fixture(autouse=True)
def fresh_lookup():
    interpreter.find_interpreter.cache_clear()
    yield
    interpreter.find_interpreter.cache_clear()


def test_without_python_3_13_the_tool_s_own_python_runs_and_says_why(monkeypatch, tmp_path):
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(interpreter.ENV_OVERRIDE, raising=False)
    found = interpreter.find_interpreter()
    assert found.executable == Path(sys.executable)
    assert found.version == ".".join(map(str, sys.version_info[:3]))
    if not found.preferred:
        assert "no Python 3.13 found" in found.note and interpreter.ENV_OVERRIDE in found.note
    line = interpreter.interpreter_line(Project(ROOT))
    assert line.startswith(f"CPython leg: Python {found.version} ") and "numpy 2.2.5, pytest 8.3.5" in line


def test_python_3_13_is_preferred_where_pyenv_has_it():
    pyenv = Path(interpreter.os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    if not list(pyenv.glob("versions/3.13*/bin/python3.13")):
        pytest.skip("this machine has no pyenv Python 3.13")
    found = interpreter.find_interpreter()
    assert found.preferred and found.version.startswith("3.13.") and found.note == ""


def test_an_override_that_is_not_3_13_is_passed_over(monkeypatch, tmp_path):
    monkeypatch.setenv(interpreter.ENV_OVERRIDE, str(tmp_path / "python-missing"))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))
    monkeypatch.setenv("PATH", str(tmp_path))
    found = interpreter.find_interpreter()
    assert found.executable == Path(sys.executable) and str(tmp_path / "python-missing") in found.note


def test_pyodide_builds_become_pins_and_pure_wheels_stay_on_the_path(monkeypatch):
    project = Project(ROOT)
    lock = pyodide_packages.read_lock(project)
    files = [lock.packages[name].file_name for name in ("scikit-learn", "scipy", "libopenblas", "joblib")]
    wheels = tuple(Path("/cache") / f for f in files) + (Path("/cache/tabulate-0.9.0-py3-none-any.whl"),)
    own = interpreter.Interpreter(Path(sys.executable), "3.13.0")
    monkeypatch.setattr(interpreter, "find_interpreter", lambda: own)
    made = []
    monkeypatch.setattr(interpreter, "ensure_venv", lambda project, which, pins: made.append(pins) or Path("/venv/python"))
    leg = interpreter.leg_python(wheels, project)
    assert leg.executable == Path("/venv/python")
    assert leg.pins[-3:] == ("joblib==1.4.2", "scikit-learn==1.7.0", "scipy==1.14.1")   # no libopenblas: PyPI's scipy has it
    assert leg.pins[:2] == ("numpy==2.2.5", "pytest==8.3.5") and made == [leg.pins]
    assert leg.path_wheels == (Path("/cache/tabulate-0.9.0-py3-none-any.whl"),)
    assert "Python 3.13.0" in leg.describe() and "scikit-learn 1.7.0" in leg.describe()


def test_the_tool_s_own_python_without_lock_packages_needs_no_venv(monkeypatch):
    own = interpreter.Interpreter(Path(sys.executable), "3.11.2", "no Python 3.13 found")
    monkeypatch.setattr(interpreter, "find_interpreter", lambda: own)
    monkeypatch.setattr(interpreter, "ensure_venv", lambda *a: pytest.fail("no venv is needed"))
    leg = interpreter.leg_python((), Project(ROOT))
    assert leg.executable == Path(sys.executable) and leg.path_wheels == ()


def test_a_syntax_error_says_which_python_parsed_it(tmp_path):
    from exercisekit.errors import ProblemError
    from exercisekit.problems.validate import parse_python

    path = tmp_path / "reference.py"
    path.write_text("def f(:\n    pass\n")
    with pytest.raises(ProblemError) as caught:
        parse_python(path)
    here = ".".join(map(str, sys.version_info[:3]))
    assert caught.value.message.startswith(f"syntax error under Python {here} (the tool's own)")
    assert caught.value.line == 1
