"""`check` warns about a starter that lacks the imports its problem needs or has lines the
editor must wrap (issue 34); every shipped starter is clean."""
from __future__ import annotations

import pytest
from projects import ROOT, copy_problem

from exercisekit.check.starter_rules import STARTER_WIDTH, module_imports, starter_warnings
from exercisekit.problems.model import ProblemTrees, load_problem

SLUGS = sorted(p.name for p in (ROOT / "exercise").iterdir() if (p / "starter.py").is_file())


@pytest.mark.parametrize("slug", SLUGS)
def test_every_shipped_starter_begins_with_its_imports_and_fits(slug):
    problem = load_problem(ProblemTrees(ROOT), slug)
    assert [f"{w.message} ({w.fix})" for w in starter_warnings(problem)] == []


def test_module_imports_names_each_binding_with_its_statement():
    assert module_imports("import numpy as np\nfrom math import log as ln, exp\nimport os.path\n") == {
        "np": "import numpy as np", "ln": "from math import log as ln", "exp": "from math import exp",
        "os": "import os.path"}


def test_a_starter_without_numpy_is_warned_at_line_one_naming_only_the_import(tmp_path):
    copy_problem(tmp_path, "kl_diag_gaussian")
    starter = tmp_path / "exercise" / "kl_diag_gaussian" / "starter.py"
    starter.write_text(starter.read_text().replace("import numpy as np\n", ""))
    [warning] = starter_warnings(load_problem(ProblemTrees(tmp_path), "kl_diag_gaussian"))
    assert warning.file == starter and warning.line == 1
    assert "`import numpy as np`" in warning.message and "NameError" in warning.message
    assert warning.fix == "begin the starter with import numpy as np"
    assert "reference" not in warning.message + warning.fix


def test_a_wide_starter_line_is_warned_with_its_line(tmp_path):
    copy_problem(tmp_path, "kl_diag_gaussian")
    starter = tmp_path / "exercise" / "kl_diag_gaussian" / "starter.py"
    lines = starter.read_text().splitlines()
    lines[4] += "  # " + "x" * STARTER_WIDTH
    starter.write_text("\n".join(lines) + "\n")
    [warning] = starter_warnings(load_problem(ProblemTrees(tmp_path), "kl_diag_gaussian"))
    assert warning.line == 5 and f"wider than {STARTER_WIDTH}" in warning.message
