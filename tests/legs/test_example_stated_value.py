"""Issue 31 (regression): only a literal after `result =` is a stated value. An Example
written as Deep-ML writes them (`result = kernel_function(x1, x2)`, the value stated in
prose) is not read as stating the text `kernel_function(x1, x2)` and refused."""
from __future__ import annotations

from types import SimpleNamespace

from projects import as_printed, write_problem

from exercisekit.check import check_all
from exercisekit.check.examples import UNREADABLE, assignment_case, is_stated_value

KERNEL = SimpleNamespace(kind="function", function="kernel_function")
DEEP_ML = ["x1 = [1, 2, 3]", "x2 = [4, 5, 6]", "result = kernel_function(x1, x2)", "print(result)"]


def test_code_after_result_is_no_stated_value():
    assert assignment_case(KERNEL, 5, DEEP_ML) is None
    assert not is_stated_value("kernel_function(x1, x2)")
    assert not is_stated_value("np.dot(x1, x2)")


def test_a_literal_after_result_still_is_one():
    case = assignment_case(KERNEL, 5, DEEP_ML[:2] + ["result = 32"])
    assert case is not None and (case.line, case.expected) == (8, "32")
    for text in ("32.0", "[1.0, -2]", "array([1., 2.])", "np.float64(2.5)", "nan", "(1, [2])"):
        assert is_stated_value(text), text


def test_a_deep_ml_example_is_a_note_and_the_problem_passes_check(tmp_path):
    write_problem(tmp_path, "kernel_function", names={"test_dot": "Dot product"},
                  tests="from kernel_function import kernel_function\n\n\ndef test_dot():\n"
                        "    assert kernel_function([1, 2, 3], [4, 5, 6]) == 32\n",
                  reference="import numpy as np\n\n\ndef kernel_function(x1, x2):\n"
                            "    return float(np.dot(x1, x2))\n",
                  wrong={"sum": "def kernel_function(x1, x2):\n    return float(sum(x1) + sum(x2))\n"})
    statement = tmp_path / "exercise" / "kernel_function" / "statement.md"
    statement.write_text("# Linear kernel\n\nReturn the dot product.\n\n## Example\n\n```python\n"
                         + "\n".join(DEEP_ML) + "\n```\n\nOutput: `32`\n")
    (report,) = as_printed(check_all(tmp_path, pyodide=False), tmp_path)
    assert report.ok, [str(e) for e in report.errors]
    assert report.notes == [f"exercise/kernel_function/statement.md: {UNREADABLE}"]
