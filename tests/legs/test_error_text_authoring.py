"""Issue 31, error texts found by a new instructor: each names the file, the line and the fix.
`hints = "..."` gets `hints = ["..."]`; `starter_passes` given a display name suggests its
key; a solution that opens a data file by an absolute path, or by the plain name of a file
one folder above data/, is told so; a doctest Example's wrong value is reported at the
value's line."""
from __future__ import annotations

from pathlib import Path

import pytest
from projects import as_printed, write_problem

from exercisekit.check import check_all
from exercisekit.errors import ProblemError
from exercisekit.problems.model import ProblemTrees, load_problem
from exercisekit.problems.validate import validate_problem

TESTS = "from reader import first\n\n\ndef test_first():\n    assert first() == 1.0\n"
READS = "def first():\n    with open({path!r}) as f:\n        return float(f.readline().split(',')[0])\n"


def reader(root: Path, path: str = "values.csv", where: str = "data/values.csv") -> Path:
    write_problem(root, "reader", tests=TESTS, names={"test_first": "Reads the first value"},
                  function="first", reference=READS.format(path=path),
                  wrong={"zero": "def first():\n    return 0.0\n"}, extra_files={where: "1.0,2.0\n3.0,4.0\n"})
    return root


def errors_of(root: Path) -> list[ProblemError]:
    return validate_problem(load_problem(ProblemTrees(root), "reader"))


def test_one_string_for_hints_gets_the_fix_in_brackets(tmp_path):
    root = reader(tmp_path)
    meta = root / "exercise" / "reader" / "problem.toml"
    meta.write_text(meta.read_text().replace('function = "first"\n', 'function = "first"\nhints = "Use open."\n'))
    with pytest.raises(ProblemError) as info:
        load_problem(ProblemTrees(root), "reader")
    assert info.value.message == "metadata `hints` should be a list of strings, got one string"
    assert info.value.fix == 'put it in brackets: `hints = ["Use open."]`' and info.value.line == 4


def test_starter_passes_given_a_display_name_suggests_its_key(tmp_path):
    root = reader(tmp_path)
    meta = root / "exercise" / "reader" / "problem.toml"
    meta.write_text(meta.read_text().replace('function = "first"\n',
                                             'function = "first"\nstarter_passes = ["Reads the first value"]\n'))
    (error,) = [e for e in errors_of(root) if "starter_passes" in e.message]
    assert error.fix == '`Reads the first value` is the display name of `test_first`: list the key, ' \
                        '`starter_passes = ["test_first"]`'
    assert error.line == 4


def test_an_absolute_path_to_a_data_file_is_told(tmp_path):
    root = reader(tmp_path, path="/home/me/course/hidden_tests/reader/data/values.csv")
    (error,) = errors_of(root)
    assert error.file == root / "solutions" / "reader" / "reference.py" and error.line == 2
    assert "by an absolute path" in error.message and 'open it by its plain name, "values.csv"' in error.fix


def test_a_data_file_one_folder_above_data_is_pointed_at(tmp_path):
    root = reader(tmp_path, where="values.csv")
    (error,) = errors_of(root)
    assert error.line == 2 and "one folder above data/" in error.message
    assert str(root / "hidden_tests" / "reader" / "data" / "values.csv") in error.fix


def test_a_plain_name_in_data_is_fine(tmp_path):
    assert errors_of(reader(tmp_path)) == []


COUNTER = "class Counter:\n    def __init__(self):\n        self.n = 0\n\n    def add(self, k):\n        self.n += k\n"


def test_a_doctest_examples_wrong_value_is_reported_at_the_values_line(tmp_path):
    write_problem(tmp_path, "counter", names={"test_add": "Adds"}, reference=COUNTER, function="Counter",
                  tests="from counter import Counter\n\n\ndef test_add():\n    c = Counter()\n    c.add(2)\n"
                        "    assert c.n == 2\n", starter="class Counter:\n    pass\n",
                  wrong={"ignores": "class Counter:\n    def __init__(self):\n        self.n = 0\n\n"
                                    "    def add(self, k):\n        pass\n"})
    statement = tmp_path / "exercise" / "counter" / "statement.md"
    statement.write_text("# Counter\n\n## Example\n\n```python\n>>> c = Counter()\n>>> c.add(2)\n>>> (c.n,\n"
                         "...  c.n + 1)\n(2, 4)\n```\n")
    (report,) = as_printed(check_all(tmp_path, pyodide=False), tmp_path)
    (error,) = report.errors
    assert error.line == 10 and "states `(c.n, c.n + 1)` is `(2, 4)`" in error.message
