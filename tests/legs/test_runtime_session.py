"""The evaluation session (exercisekit/runtime/): one entry point for CPython, Node and the
browser. Every run starts clean, and nothing learner code raises escapes it: each attack
below is followed by correct code, which must pass in full, under CPython
(`python -m exercisekit.runtime`) and inside Pyodide (the Node leg)."""
from __future__ import annotations

from pathlib import Path

import pytest
from projects import ROOT

from exercisekit.check.cpython import Failure, evaluate
from exercisekit.check.pyodide import run_in_pyodide
from exercisekit.project import Project
from exercisekit.runtime.results import (
    ERROR,
    INTERRUPTED,
)

TESTS = '''
import math

import numpy as np
import pytest

from sample import value


@pytest.mark.parametrize("x", [1, 2, 3])
def test_doubles(x):
    assert value(x) == 2 * x


def test_close():
    assert math.isclose(value(0.1), 0.2)


def test_numpy_sum():
    assert np.sum(np.array([value(1.0), value(2.0)])) == 6.0


def test_deep_enough():
    def depth(n):
        return 0 if n == 0 else 1 + depth(n - 1)
    assert depth(200) == 200
'''
DATA = {"slug": "sample", "module": "sample", "function": "value", "time_limit": 10, "tolerance": 1e-6,
        "names": {"test_doubles": "Doubles", "test_close": "Close", "test_numpy_sum": "Sum",
                  "test_deep_enough": "Deep"},
        "expected": None, "files": {"test_sample.py": {"text": TESTS}}, "starter": "", "hints": [], "probes": None,
        "mistakes": {}}
CORRECT = "def value(x):\n    return 2 * x\n"
ALL = 6

# (name, code, what to check) — each attack is followed by CORRECT, which must pass in full.
ATTACKS = {
    "numpy patched": "import numpy as np\nnp.sum = lambda *a, **k: 0.0\n" + CORRECT,
    "recursion limit": "import sys\nsys.setrecursionlimit(60)\n" + CORRECT,
    "tests deleted and added": (
        "import os, sys\n"
        "for folder in [p for p in sys.path if p.endswith('tests')][:1]:\n"
        "    for name in os.listdir(folder):\n"
        "        os.remove(os.path.join(folder, name))\n"
        "    open(os.path.join(folder, 'test_extra.py'), 'w').write('def test_extra():\\n    assert False\\n')\n"
        + CORRECT),
    "builtins patched": "import builtins\nbuiltins.abs = lambda x: 0\nbuiltins.len = lambda x: 0\n" + CORRECT,
    "pytest patched": "import pytest\npytest.approx = None\nimport _pytest.python\n"
                      "_pytest.python.Function.runtest = lambda self: None\n" + CORRECT,
    "sys.path and modules": "import sys\nsys.path.insert(0, '/nonexistent')\nsys.modules['math'] = None\n" + CORRECT,
}


def run_jobs(leg: str, codes: list[str]) -> list[dict]:
    """Evaluate each code in turn in one session: the first is a trusted warm-up."""
    jobs = [{"problem": "sample", "code": code, "trusted": index == 0} for index, code in enumerate(codes)]
    if leg == "cpython":
        failure = Failure(Path("tests"), "-", "the runtime failed", "-")
        return evaluate({"sample": DATA}, jobs, timeout=120, failure=failure)
    return run_in_pyodide({"sample": DATA}, jobs, Project.at(ROOT), Path("tests"))


def outcomes(result: dict) -> dict[str, str]:
    return {row["name"]: row["outcome"] for row in result["rows"]}


@pytest.fixture(scope="module", params=["cpython", "pyodide"])
def attacked(request):
    codes = [CORRECT]
    for code in ATTACKS.values():
        codes += [code, CORRECT]
    # The other way round: a patch that makes wrong code pass must not outlive its run.
    codes += ["import math\nmath.isclose = lambda *a, **k: True\n" + CORRECT, "def value(x):\n    return 2 * x + 0.01\n"]
    return request.param, run_jobs(request.param, codes)


def test_correct_code_passes_in_full_after_every_attack(attacked):
    leg, results = attacked
    for index, name in enumerate(ATTACKS):
        after = results[2 + 2 * index]
        assert (after["passed"], after["total"], after["stop"]) == (ALL, ALL, None), (leg, name, after)
        assert not after["tainted"], (leg, name)


def test_a_patch_that_makes_wrong_code_pass_does_not_outlive_its_run(attacked):
    leg, results = attacked
    wrong = results[-1]
    assert outcomes(wrong)["Close"] == "failed", (leg, wrong)
    assert wrong["passed"] < wrong["total"]


INTERRUPTIONS = {
    "sys.exit": ("import sys\ndef value(x):\n    sys.exit(3)\n", None, "your code called sys.exit() or exit()"),
    "exit": ("def value(x):\n    exit()\n", None, "your code called sys.exit() or exit()"),
    "GeneratorExit": ("def value(x):\n    raise GeneratorExit('bye')\n", None, "GeneratorExit: bye"),
    "KeyboardInterrupt": ("def value(x):\n    raise KeyboardInterrupt\n", INTERRUPTED, "KeyboardInterrupt"),
    "pytest.exit": ("import pytest\ndef value(x):\n    pytest.exit('stop here')\n", INTERRUPTED, "pytest.exit()"),
    "__str__ raises": ("class Odd(Exception):\n    def __str__(self):\n        raise RuntimeError('no')\n"
                       "def value(x):\n    raise Odd()\n", None, "Odd: <"),
}


@pytest.fixture(scope="module", params=["cpython", "pyodide"])
def interrupted(request):
    codes = [CORRECT]
    for code, _, _ in INTERRUPTIONS.values():
        codes += [code, CORRECT]
    codes += ["import sys\ndef value(x):\n    sys.stdout.buffer.write(b'bytes out\\n')\n    return 2 * x\n"]
    return request.param, run_jobs(request.param, codes)


def test_no_learner_exception_escapes_and_each_run_is_honest(interrupted):
    leg, results = interrupted
    for index, (name, (_, stop_kind, message)) in enumerate(INTERRUPTIONS.items()):
        result = results[1 + 2 * index]
        assert result["passed"] < result["total"] or result["stop"], (leg, name, result)
        if stop_kind:
            assert result["stop"]["kind"] == stop_kind and message in result["stop"]["message"], (leg, name, result)
            # The test that was running says so; the others did not run.
            assert message in result["rows"][0]["message"] and result["rows"][0]["line"] is not None
            assert all(row["message"].startswith("not run") for row in result["rows"][1:]), (leg, name)
        else:
            assert result["stop"] is None, (leg, name, result)
            assert all(message in row["message"] for row in result["rows"] if row["outcome"] == ERROR), (leg, name)
        after = results[2 + 2 * index]
        assert (after["passed"], after["total"]) == (ALL, ALL), (leg, name, after)


def test_bytes_written_to_stdout_buffer_are_shown(interrupted):
    leg, results = interrupted
    last = results[-1]
    assert last["passed"] == ALL, (leg, last)
    assert "bytes out" in "".join(row["stdout"] for row in last["rows"]), (leg, last)


@pytest.mark.parametrize("leg", ["cpython", "pyodide"])
def test_modules_of_earlier_runs_are_collected(leg):
    census = ("import gc\nLEFT = sum(type(o).__name__ == 'Ballast' for o in gc.get_objects())\n"
              "print('ballast left:', LEFT)\nclass Ballast:\n    pass\nBIG = [Ballast() for _ in range(3)] + "
              "[bytearray(20_000_000)]\n" + CORRECT)
    results = run_jobs(leg, [CORRECT, census, census, census])
    for result in results[1:]:
        assert "ballast left: 0" in result["stdout"], (leg, result["stdout"])
        assert result["passed"] == ALL











@pytest.mark.parametrize("leg", ["cpython", "pyodide"])
def test_a_run_that_cannot_be_undone_taints_and_the_next_runs_in_a_fresh_interpreter(leg):
    # The working folder cannot be given back once it is gone.
    vandal = "import os, shutil\nhere = os.getcwd()\nos.chdir('/')\nshutil.rmtree(here, ignore_errors=True)\n" + CORRECT
    results = run_jobs(leg, [CORRECT, vandal, CORRECT, CORRECT])
    assert [r["tainted"] for r in results] == [False, True, False, False], (leg, results)
    assert results[1]["passed"] < ALL   # it broke its own run, and only its own
    assert all((r["passed"], r["total"]) == (ALL, ALL) for r in results[2:]), leg


APPROX_DATA = {**DATA, "names": {"test_approx": "Approx"},
               "files": {"test_sample.py": {"text": "import pytest\nfrom sample import value\n\n\n"
                                                    "def test_approx():\n    assert value(1.0) == pytest.approx(2.0)\n"}}}


@pytest.mark.parametrize("leg", ["cpython", "pyodide"])
def test_patched_function_defaults_do_not_outlive_their_run(leg):
    # Loosening pytest.approx's defaults would make every later wrong answer "approximately" right.
    loosen = "import pytest\npytest.approx.__defaults__ = (1.0, 1.0, False)\n" + CORRECT
    wrong = "def value(x):\n    return 2 * x + 0.5\n"
    jobs = [{"problem": "sample", "code": code, "trusted": index == 0}
            for index, code in enumerate([CORRECT, wrong, loosen, wrong])]
    if leg == "cpython":
        results = evaluate({"sample": APPROX_DATA}, jobs, timeout=120, failure=Failure(Path("tests"), "-", "-", "-"))
    else:
        results = run_in_pyodide({"sample": APPROX_DATA}, jobs, Project.at(ROOT), Path("tests"))
    assert [r["passed"] for r in results] == [1, 0, 1, 0], (leg, results)
