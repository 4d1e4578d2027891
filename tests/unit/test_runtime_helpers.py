"""The runtime's pure helpers on literal inputs: row names, parameter labels, a result's
counts and its JSON round trip, and what the runtime may import. The sessions that use
them, in both legs, are in tests/legs/test_runtime_session.py."""
from __future__ import annotations

import ast
import json
import sys

from projects import ROOT

from exercisekit.runtime.results import CRASH, PASSED, STOP_KINDS, Row, RunResult, Stop, result_from_json
from exercisekit.runtime.runner import covering_key, params_label, row_name


def test_the_runtime_imports_only_the_standard_library_pytest_and_numpy():
    allowed = set(sys.stdlib_module_names) | {"pytest", "_pytest", "numpy"}
    for path in sorted((ROOT / "exercisekit" / "runtime").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed | {"__future__"}, f"{path.name} imports {name}"


def test_params_label_names_simple_parameters_and_falls_back_to_the_id():
    assert params_label({"n": 3}, "3") == "n=3"
    assert params_label({"n": 3, "dtype": "float32"}, "3-float32") == "n=3, dtype='float32'"
    assert params_label({"x": [1, 2]}, "x0") == "x0"
    assert params_label({"s": "y" * 50}, "s0") == "s0"


def test_row_names_come_from_the_most_specific_key():
    names = {"test_f": "Works", "test_g[2]": "The two case", "TestA": "Class A", "TestB::test_m": "B's m"}
    assert row_name("test_f[3]", names, "n=3") == "Works [n=3]"
    assert row_name("test_f", names, None) == "Works"
    assert row_name("test_g[2]", names, "x=2") == "The two case"
    assert row_name("TestA::test_x", names, None) == "Class A: test_x"
    assert row_name("TestB::test_m", names, None) == "B's m"
    assert row_name("test_other", names, None) == "test_other"
    assert covering_key("TestA::test_x[1]", names) == "TestA"
    assert covering_key("test_g[3]", names) is None


def test_a_result_counts_only_what_counts_and_round_trips():
    rows = [Row("a[1]", "A [n=1]", PASSED), Row("a[2]", "A [n=2]", "failed", "wrong"), Row("s", "S", "skipped"),
            Row("x", "X", "xfailed")]
    result = RunResult(rows, stdout="hi")
    data = result.to_json()
    assert (data["passed"], data["total"]) == (1, 2)
    assert set(data) == {"rows", "stop", "stdout", "duration_ms", "diagnosis", "tainted", "passed", "total",
                         "points_earned", "points_total"}
    assert set(data["rows"][0]) == {"id", "name", "outcome", "message", "traceback", "line", "duration_ms", "cpu_ms",
                                    "stdout", "points"}
    assert result_from_json(json.loads(json.dumps(data))) == result
    assert not result.all_passed()
    rows[1].outcome = PASSED
    assert result.all_passed(["a[1]", "a[2]", "s", "x"])
    assert not result.all_passed(["a[1]", "a[2]", "s", "x", "b"])
    assert not RunResult(rows, Stop(CRASH, "boom")).all_passed()
    assert not RunResult([Row("s", "S", "skipped")]).all_passed()
    assert len(set(STOP_KINDS)) == len(STOP_KINDS) == 6
