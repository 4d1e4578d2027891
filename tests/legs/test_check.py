"""`check` on the shipped problem and on broken copies of it: each fault names file and fix."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from projects import ROOT, as_printed, copy_problem, link_build_inputs

from exercisekit.check import PYODIDE, check_all, run_check

SLUG = "vae_elbo_loss"


def run(root: Path, only=None, pyodide: bool = False, verbose: bool = True) -> tuple[int, str]:
    lines: list[str] = []
    code = run_check(root, only, out=lines.append, pyodide=pyodide, verbose=verbose)
    return code, "\n".join(lines)


def errors_of(root: Path, slug: str = SLUG) -> list:
    (report,) = [r for r in as_printed(check_all(root, pyodide=False), root) if r.slug == slug]
    return report.errors


def test_shipped_problem_passes_with_its_table():
    code, text = run(ROOT, [SLUG], pyodide=True)
    assert code == 0, text
    assert re.search(r"^  reference +10/10 +passed$", text, re.M), text
    assert re.search(r"^  in Pyodide: reference +10/10 +passed$", text, re.M), text
    assert re.search(r"^  starter +0/10 +passed$", text, re.M), text
    assert re.search(r"^  in Pyodide: known-wrong +11/11 caught, 11 named by their run$", text, re.M), text
    for name in ("batch_sum", "kl_scaled_down", "mean_over_features", "logvar_as_variance",
                 "sigma_for_variance", "kl_wrong_sign", "kl_without_half", "kl_missing"):
        assert f"wrong/{name}" in text and "NOT CAUGHT" not in text
    assert "caught by" in text and "Loss is the batch mean" in text


def test_missing_starter_names_the_file(project):
    (project / "exercise" / SLUG / "starter.py").unlink()
    code, text = run(project)
    assert code == 1
    assert f"exercise/{SLUG}/starter.py: missing starter stub" in text
    assert f"fix: create exercise/{SLUG}/starter.py" in text


def test_missing_hidden_tests_folder(project):
    for path in (project / "hidden_tests" / SLUG).iterdir():
        path.unlink()
    (error,) = errors_of(project)
    assert str(error.file) == f"hidden_tests/{SLUG}" and "no hidden tests" in error.message


def test_syntax_error_in_reference_names_file_and_line(project):
    ref = project / "solutions" / SLUG / "reference.py"
    lines = ref.read_text().splitlines()
    lines[4] = "    x = (1, 2"
    ref.write_text("\n".join(lines) + "\n")
    (error,) = errors_of(project)
    assert str(error.file) == f"solutions/{SLUG}/reference.py"
    assert error.line is not None and error.line >= 5
    assert "syntax error" in error.message and "fix the Python syntax" in error.fix


def test_test_importing_a_name_the_stub_lacks(project):
    test = project / "hidden_tests" / SLUG / f"test_{SLUG}.py"
    lines = test.read_text().splitlines()
    import_line = lines.index(f"from {SLUG} import vae_elbo_loss") + 1
    lines[import_line - 1] += ", kl_term"
    test.write_text("\n".join(lines) + "\n")
    errors = errors_of(project)
    assert any(str(e.file) == f"hidden_tests/{SLUG}/test_{SLUG}.py" and e.line == import_line
               and "imports `kl_term`" in e.message and f"exercise/{SLUG}/starter.py does not define it" in e.message
               for e in errors), errors


def test_duplicate_slug_is_reported(project):
    copy_problem(project, SLUG, "VAE_ELBO_loss")
    code, text = run(project)
    assert code == 1
    assert "duplicate slug: `vae_elbo_loss` clashes with `VAE_ELBO_loss`" in text
    assert "rename one of the two problem folders" in text


def test_unreadable_metadata_names_the_line(project):
    meta = project / "exercise" / SLUG / "problem.toml"
    meta.write_text(meta.read_text().replace('difficulty = "Medium"', "difficulty = Medium"))
    (error,) = errors_of(project)
    assert str(error.file) == f"exercise/{SLUG}/problem.toml" and error.line == 3
    assert "unreadable metadata" in error.message


def test_a_broken_problem_does_not_stop_the_others(project):
    copy_problem(project, SLUG, "second_copy")
    (project / "solutions" / "second_copy" / "reference.py").write_text("def broken(:\n")
    code, text = run(project)
    assert code == 1
    assert re.search(r"^  reference +10/10 +passed$", text, re.M), text  # the good one was still checked
    assert "solutions/second_copy/reference.py:1: syntax error" in text
    assert "1 of 2 problems ok; failing: second_copy" in text


def test_uncaught_wrong_solution_fails_check(project):
    reference = (project / "solutions" / SLUG / "reference.py").read_text()
    (project / "solutions" / SLUG / "wrong" / "not_really_wrong.py").write_text(
        '"""Claims a mistake but is the reference."""\n' + reference)
    code, text = run(project)
    assert code == 1
    assert re.search(r"wrong/not_really_wrong +NOT CAUGHT", text), text
    assert "add a hidden test that this mistake fails" in text


def test_starter_that_passes_a_test_fails_check(project):
    reference = (project / "solutions" / SLUG / "reference.py").read_text()
    (project / "exercise" / SLUG / "starter.py").write_text(reference)
    code, text = run(project)
    assert code == 1 and "the starter passes 'Perfect reconstruction with prior-matching posterior is 0'" in text


def test_reference_failing_a_test_fails_check(project):
    ref = project / "solutions" / SLUG / "reference.py"
    ref.write_text(ref.read_text().replace("np.mean(recon + kl)", "np.sum(recon + kl)"))
    code, text = run(project)
    assert code == 1 and "the reference fails 'Loss is the batch mean': two examples with losses 4 and 9" in text


def test_unknown_slug_is_an_error():
    code, text = run(ROOT, ["no_such_problem"])
    assert code == 1 and "no problem called `no_such_problem`" in text


def test_metadata_and_tests_must_name_the_same_tests(project):
    meta = project / "exercise" / SLUG / "problem.toml"
    meta.write_text(meta.read_text().replace("test_inputs_not_modified =", "test_inputs_untouched ="))
    messages = [e.message for e in errors_of(project)]
    assert "[tests] names `test_inputs_untouched`, but no hidden test has that name" in messages
    assert "test `test_inputs_not_modified` has no display name" in messages


def test_flaky_test_is_flagged(project):
    test = project / "hidden_tests" / SLUG / f"test_{SLUG}.py"
    # Passes or fails depending on string hashing, which PYTHONHASHSEED changes between runs.
    test.write_text(test.read_text().replace(
        "def test_inputs_not_modified():\n",
        "def test_inputs_not_modified():\n    assert hash('seed-dependent') % 2 == "
        f"{hash_parity(0)}, 'depends on the hash seed'\n"))
    messages = [e.message for e in errors_of(project)]
    assert any(m.startswith("flaky test 'Inputs are left unchanged'") for m in messages), messages


def hash_parity(seed: int) -> int:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "print(hash('seed-dependent') % 2)"], capture_output=True,
                          text=True, env={"PYTHONHASHSEED": str(seed)})
    return int(done.stdout)


BURN = "    import time\n    until = time.process_time() + {seconds}\n    while time.process_time() < until:\n        pass\n"


def slow_project(project: Path, seconds: float, budget_ms: int) -> None:
    """Make one test of the copy burn `seconds` of CPU against the reference."""
    test = project / "hidden_tests" / SLUG / f"test_{SLUG}.py"
    marker = '"seeded random batch N=6, d=5, k=3")\n'
    # Only code that passes the assertion reaches the loop: the reference, not the others.
    test.write_text(test.read_text().replace(marker, marker + BURN.format(seconds=seconds)))
    meta = project / "exercise" / SLUG / "problem.toml"
    meta.write_text(meta.read_text().replace("[tests]", f"slow_test_ms = {budget_ms}\n\n[tests]"))


def test_slow_test_is_flagged(project):
    slow_project(project, 0.5, 100)
    (report,) = check_all(project, pyodide=False)
    assert any(e.message.startswith("test 'Random batch (N=6, d=5) matches the formula' took")
               and "budget 100 ms" in e.message for e in report.errors), report.errors


def test_a_test_near_its_budget_is_a_warning_not_an_error(project):
    slow_project(project, 0.3, 200)
    (report,) = check_all(project, pyodide=False)
    assert report.ok, report.errors
    [warning] = report.warnings
    assert "budget 200 ms; an error past 800 ms" in warning.message


def test_the_slow_test_verdict_does_not_change_with_the_other_core_busy(project):
    import subprocess
    import sys

    slow_project(project, 0.3, 200)
    idle = check_all(project, pyodide=False)[0]
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        busy = check_all(project, pyodide=False)[0]
    finally:
        for burner in burners:
            burner.kill()
    assert (idle.ok, len(idle.warnings)) == (busy.ok, len(busy.warnings)) == (True, 1), (idle.errors, busy.errors)


def test_math_that_does_not_parse_names_the_line(project):
    statement = project / "exercise" / SLUG / "statement.md"
    statement.write_text(statement.read_text().replace(r"\mathcal{N}(0, I)$.", r"\mathcal{N}(0, I)$ and $\frac{1}{$."))
    (error,) = errors_of(project)
    # The paragraph starts on line 9; the formula and the place KaTeX stopped are on line 10.
    assert str(error.file) == f"exercise/{SLUG}/statement.md" and (error.line, error.column) == (10, 43)
    assert error.message.startswith("cannot parse `\\frac{1}{`: Unexpected end of input")


def test_unknown_tex_command_is_an_error(project):
    statement = project / "exercise" / SLUG / "statement.md"
    statement.write_text(statement.read_text().replace(r"\operatorname{diag}", r"\diagonal"))
    (error,) = errors_of(project)
    assert error.message.startswith("unknown TeX command \\diagonal in `") and (error.line, error.column) == (4, 52)


def test_statement_without_example(project):
    statement = project / "exercise" / SLUG / "statement.md"
    statement.write_text(statement.read_text().replace("## Example", "## Illustration"))
    (error,) = errors_of(project)
    assert error.message == "the statement has no example"


def test_test_importing_from_solutions(project):
    test = project / "hidden_tests" / SLUG / f"test_{SLUG}.py"
    test.write_text(test.read_text().replace("import math\n", "import math\nfrom solutions.vae_elbo_loss import reference\n"))
    messages = [e.message for e in errors_of(project)]
    assert "hidden test imports from solutions/" in messages


def test_a_pyodide_only_break_is_caught(project):
    link_build_inputs(project)
    ref = project / "solutions" / SLUG / "reference.py"
    # Behaves under CPython, breaks where the browser runs it.
    ref.write_text(ref.read_text().replace(
        '    """Mean', '    import sys\n    if sys.platform == "emscripten":\n        return 0.0\n    """Mean'))
    code, text = run(project, pyodide=True)
    assert code == 1
    assert re.search(r"^  reference +10/10 +passed$", text, re.M), text
    assert re.search(r"^  in Pyodide: reference +\d/10 +passed$", text, re.M), text
    assert "the reference fails 'Random batch (N=6, d=5) matches the formula' in Pyodide" in text


def test_a_crash_in_a_batch_is_pinned_on_its_problem(project):
    # One worker: both problems share a batch, whose runner process the crash takes down.
    copy_problem(project, SLUG, "second_copy")
    (project / "solutions" / "second_copy" / "wrong" / "exits.py").write_text(
        '"""Leaves the process at import."""\nimport os\nos._exit(3)\n')
    reports = {r.slug: r for r in check_all(project, jobs=1, pyodide=False)}
    assert reports[SLUG].ok, reports[SLUG].errors
    assert reports[SLUG].results["reference"]["passed"] == 10
    [error] = reports["second_copy"].errors
    assert "hidden_tests/second_copy" in str(error) and "a solution ended the Python process" in str(error)


def test_a_pyodide_crash_in_a_batch_is_pinned_on_its_problem(project):
    copy_problem(project, SLUG, "second_copy")
    ref = project / "solutions" / "second_copy" / "reference.py"
    # Fine under CPython; takes the whole Node process down in Pyodide.
    ref.write_text('import os, sys\nif sys.platform == "emscripten":\n    os._exit(3)\n' + ref.read_text())
    reports = {r.slug: r for r in check_all(project, jobs=1)}
    assert reports[SLUG].ok, reports[SLUG].errors
    assert reports[SLUG].results[PYODIDE + "reference"]["passed"] == 10
    assert reports["second_copy"].errors, "the Pyodide leg must fail the problem that crashes it"
    assert all("second_copy" in str(error) for error in reports["second_copy"].errors), reports["second_copy"].errors


def test_the_validator_sees_class_methods_and_single_cases(tmp_path):
    from projects import write_problem

    tests = ("import pytest\nimport unittest\nfrom named import f\n\n\nclass TestPlain:\n    def test_a(self):\n"
             "        assert f() == 1\n\n\nclass Checks(unittest.TestCase):\n    def test_b(self):\n"
             "        self.assertEqual(f(), 1)\n\n\n@pytest.mark.parametrize('n', [1, 2])\ndef test_c(n):\n"
             "    assert f() == 1\n")
    write_problem(tmp_path, "named", tests=tests, names={"TestPlain::test_a": "A", "Checks": "B", "test_c[1]": "C1"},
                  reference="def f():\n    return 1\n", function="f")
    messages = [e.message for e in errors_of(tmp_path, "named")]
    assert messages == ["test `test_c` has no display name"] or messages == [], messages
    # A key that names nothing is an error; a class's methods are covered by the class.
    meta = tmp_path / "exercise" / "named" / "problem.toml"
    meta.write_text(meta.read_text().replace('"Checks" = "B"', '"Checks::test_z" = "B"'))
    messages = [e.message for e in errors_of(tmp_path, "named")]
    assert "[tests] names `Checks::test_z`, but no hidden test has that name" in messages
    assert "test `Checks::test_b` has no display name" in messages


def test_output_is_one_line_per_passing_problem_and_detail_for_failing_ones(project):
    copy_problem(project, "kl_diag_gaussian")
    ref = project / "solutions" / "kl_diag_gaussian" / "reference.py"
    ref.write_text(ref.read_text().replace("np.sum(", "np.mean("))
    code, text = run(project, verbose=False)
    assert code == 1
    lines = text.splitlines()
    assert f"ok  {SLUG} (10 test cases, 11 known-wrong caught and named; CPython)" in lines
    assert not any(line.startswith(f"{SLUG} —") for line in lines), "a passing problem gets one line"
    assert "kl_diag_gaussian — KL divergence" in text and "error: solutions/kl_diag_gaussian/reference.py" in text
    assert lines[-1] == "1 of 2 problems ok; failing: kl_diag_gaussian"


def test_a_load_error_in_the_reference_is_reported_once_with_the_fix_for_its_cause(project):
    ref = project / "solutions" / SLUG / "reference.py"
    ref.write_text("import no_such_helper\n" + ref.read_text())
    errors = [e for e in errors_of(project) if "reference.py" in str(e.file)]
    assert len(errors) == 1, errors
    assert "ModuleNotFoundError: No module named 'no_such_helper'" in errors[0].message
    assert "`packages` in problem.toml" in errors[0].fix


def test_a_dollar_in_prose_is_reported_and_an_escaped_one_is_a_dollar(project):
    statement = project / "exercise" / SLUG / "statement.md"
    original = statement.read_text()
    statement.write_text(original + "\nA GPU hour costs $8 and a CPU hour $6.\n")
    (error,) = errors_of(project)
    assert error.message == "a dollar sign in prose is neither a formula nor escaped"
    assert error.line == len(original.splitlines()) + 2 and "\\$" in error.fix
    statement.write_text(original + "\nA GPU hour costs \\$8 and a CPU hour \\$6.\n")
    assert errors_of(project) == []
    from exercisekit.problems.statements import render_statement
    from exercisekit.problems.validate import load_all

    [problem], _ = load_all(project)
    assert "A GPU hour costs $8 and a CPU hour $6." in render_statement(problem)


def test_a_bare_dollar_is_reported_at_its_own_line_not_its_paragraphs(project):
    statement = project / "exercise" / SLUG / "statement.md"
    original = statement.read_text()
    prose = ("## Background\n\nThe mean $\\mu$ and the variance\n$\\sigma^2$ give the loss\n$\\mathcal{L}$, which is\n"
             "cheap to compute: one pass\ncosts $8 on a GPU.\n\n")
    statement.write_text(prose + original[original.index("## Example"):])
    assert statement.read_text().splitlines()[6] == "costs $8 on a GPU."
    (error,) = errors_of(project)
    assert error.message == "a dollar sign in prose is neither a formula nor escaped"
    assert (error.line, error.column) == (7, 7), error
    assert error.location() == f"exercise/{SLUG}/statement.md:7:7"


@pytest.mark.parametrize("tex, column", [(r"\sigma^{2", 11), (r"\frac{1}", 10), (r"\text{foo", 11)])
def test_unfinished_tex_is_an_error_at_its_line_and_column(project, tex, column):
    statement = project / "exercise" / SLUG / "statement.md"
    text = statement.read_text()
    at = text.splitlines().index("## Example") + 1
    statement.write_text(text.replace("## Example", f"$$\nx = 1 +\n  {tex}\n$$\n\n## Example"))
    (error,) = errors_of(project)
    assert (error.line, error.column) == (at + 2, column), error
    assert error.message.startswith(f"cannot parse `{tex}`: ") and len(error.message) > len(tex) + 20
