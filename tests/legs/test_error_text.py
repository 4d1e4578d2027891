"""Error text of check and build (issue 20, point 3): the root cause first, no absolute paths,
and a fix that fits the cause (`npm ci` only when a package is missing from node_modules)."""
from __future__ import annotations

from pathlib import Path

import pytest
from projects import as_printed, write_problem

from exercisekit.check import check_all
from exercisekit.check.cpython import until_all_done
from exercisekit.check.pyodide import leg_failure
from exercisekit.errors import ProblemError, root_cause, without_root
from exercisekit.node import run_node


def node_error(tmp_path: Path, source: str) -> ProblemError:
    script = Path("scripts") / "job.mjs"
    (tmp_path / script).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / script).write_text(source)
    with pytest.raises(ProblemError) as raised:
        run_node(script, {"formulas": []}, tmp_path, timeout=60)
    return raised.value


def test_a_script_that_throws_says_why_first_with_relative_paths_and_no_npm_ci(tmp_path):
    error = node_error(tmp_path, 'const data = JSON.parse("{}");\nthrow new TypeError("the request has no jobs");\n')
    first = error.message.splitlines()[0]
    assert first == "scripts/job.mjs failed under Node: TypeError: the request has no jobs"
    assert str(tmp_path) not in str(error) and "scripts/job.mjs:2" in error.message
    assert "npm ci" not in error.fix and "scripts/job.mjs" in error.fix


def test_a_missing_package_is_the_one_failure_npm_ci_fixes(tmp_path):
    error = node_error(tmp_path, 'import katex from "no-such-package-for-this-test";\nconsole.log(katex);\n')
    assert error.message.startswith("scripts/job.mjs failed under Node: Error [ERR_MODULE_NOT_FOUND]: "
                                    "Cannot find package 'no-such-package-for-this-test'")
    assert str(tmp_path) not in str(error)
    assert "npm ci" in error.fix and "node_modules" in error.fix


def test_a_process_ended_without_a_message_is_named_as_such(tmp_path):
    error = node_error(tmp_path, "process.exit(3);\n")
    assert error.message == ("scripts/job.mjs failed under Node: it exited with status 3 and no error message: a "
                             "test or solution may have ended the process (os._exit, sys.exit at import, a crash)")
    assert "npm ci" not in error.fix


def test_a_pyodide_leg_that_answers_nothing_is_not_sent_to_npm_ci():
    with pytest.raises(ProblemError) as raised:
        until_all_done([{"problem": "p", "code": "", "trusted": True}], lambda rest: [],
                       leg_failure(Path("hidden_tests/p")))
    assert str(raised.value.file) == "hidden_tests/p" and "npm ci" not in raised.value.fix
    assert "ended the process" in raised.value.fix


def test_root_cause_and_paths_of_a_python_traceback(tmp_path):
    traceback = (f'Traceback (most recent call last):\n  File "{tmp_path}/exercisekit/runtime/__main__.py", line 3\n'
                 f"    main()\nKeyError: 'jobs'\n")
    assert root_cause(traceback) == "KeyError: 'jobs'"
    assert without_root(traceback, tmp_path).splitlines()[1] == '  File "exercisekit/runtime/__main__.py", line 3'
    assert root_cause("no error named here\n") is None


def test_a_probes_py_that_opens_a_missing_file_names_it_relative_with_the_fix_for_that(tmp_path):
    write_problem(tmp_path, "squares", tests="from squares import square\n\n\ndef test_two():\n"
                                             "    assert square(2) == 4, f'expected 4, got {square(2)}'\n",
                  names={"test_two": "Squares 2"}, reference="def square(x):\n    return x * x\n",
                  function="square", wrong={"doubled": "def square(x):\n    return 2 * x\n"},
                  probes="import json\nfrom pathlib import Path\n\n\ndef probes():\n"
                         "    return json.loads((Path(__file__).parent / 'cases.json').read_text())\n")
    (report,) = as_printed(check_all(tmp_path, pyodide=False), tmp_path)
    first = report.errors[0]
    assert str(first.file) == "hidden_tests/squares/probes.py" and first.line == 6
    assert first.message == ("probes.py failed: FileNotFoundError: [Errno 2] No such file or directory: "
                             "'hidden_tests/squares/cases.json'")
    assert str(tmp_path) not in str(first)
    assert "put the file in hidden_tests/squares/" in first.fix


def test_a_file_under_the_working_folder_is_shown_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inside = ProblemError(tmp_path / "node_modules" / "pyodide" / "pyodide.asm.wasm", "missing runtime file",
                          "run `npm ci` to reinstall pyodide")
    assert str(inside).startswith("node_modules/pyodide/pyodide.asm.wasm: missing runtime file")
    outside = ProblemError(Path("/nowhere/else/file.txt"), "gone", "put it back", line=3)
    assert outside.location() == "/nowhere/else/file.txt:3"


def test_a_reference_that_ends_the_pyodide_process_is_named_as_the_cause_not_node_modules(project):
    reference = project / "solutions" / "vae_elbo_loss" / "reference.py"
    # Fine under CPython; ends the Node process in Pyodide.
    reference.write_text('import os, sys\nif sys.platform == "emscripten":\n    os._exit(3)\n' + reference.read_text())
    (report,) = as_printed(check_all(project), project)
    (error,) = report.errors
    assert str(error.file) == "hidden_tests/vae_elbo_loss"
    assert error.message == ("web/node/run_in_pyodide.mjs failed under Node: Program terminated with exit(3): a test "
                             "or solution may have ended the process (os._exit, sys.exit at import, a crash)")
    assert "npm ci" not in error.fix and "os._exit" in error.fix
