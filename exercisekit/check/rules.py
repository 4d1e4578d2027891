"""The rules a problem's runs must pass: what `check` calls an error or a warning.

Each rule takes the results of one leg (CPYTHON or IN_PYODIDE) and names the file at
fault and the fix.
"""
from __future__ import annotations

from ..errors import ProblemError
from ..problems.model import Problem
from ..problems.validate import test_place
from ..runtime.contract import ProbeRecord, ProbesFailure
from ..runtime.probing import diagnose
from ..runtime.results import PASSED
from ..runtime.runner import key_names
from ..runtime.sweeps import apart
from .cpython import SuiteRuns
from .examples import LEAST_TOLERANCE, agrees, example_cases
from .model import CPYTHON, IN_PYODIDE, ProblemReport, Result, Results, RunKey, caught, failing
from .starter_rules import starter_warnings


def _where(leg: str) -> str:
    """" in Pyodide" after a message about the Pyodide leg; nothing for CPython's."""
    return " in Pyodide" if leg == IN_PYODIDE else ""


def shortfalls(problem: Problem, results: Results, leg: str = CPYTHON) -> list[ProblemError]:
    """Every way the results fall short of: the reference passes every test and at least one
    test was collected, the starter fails every one, each known-wrong solution is caught."""
    errors = []
    ref = problem.reference_path
    where = _where(leg)
    reference = results[RunKey(leg, "reference")]
    if "error" in reference:
        return [ProblemError(ref, f"the runtime failed{where}: {reference['error']}", "report this as a bug")]
    if reference.get("stop"):
        stop = reference["stop"]
        line = f" ({'; '.join(stop['traceback'][-2:])})" if stop.get("traceback") else ""
        errors.append(ProblemError(ref, f"the tests could not run against the reference{where} "
                                        f"({stop['kind']}): {stop['message']}{line}", fix_for(stop["message"], leg)))
    elif reference["total"] == 0:
        errors.append(ProblemError(problem.tests_dir, f"no hidden test was collected{where}",
                                   "name test files test_*.py and test functions test_*, or unittest "
                                   "methods test_* in a TestCase"))
    for row in failing(reference) if not reference.get("stop") else []:   # a stop is reported once
        errors.append(ProblemError(ref, f"the reference fails '{row['name']}'{where}: {row['message']}"
                                        f"{written_at(problem, row)}", fix_for(row["message"], leg)))
    # A session that failed on a target (not the code it ran) proves nothing about it.
    broken = {key.target: result["error"] for key, result in results.items() if key.leg == leg and "error" in result}
    errors += [ProblemError(ref, f"the runtime failed{where} against {target}: {error}", "report this as a bug")
               for target, error in broken.items()]
    if broken:
        return errors
    starter = problem.starter_path
    allowed = [row for row in results[RunKey(leg, "starter")]["rows"] if starter_may_pass(problem, row["id"])]
    for row in results[RunKey(leg, "starter")]["rows"]:
        if row["outcome"] == PASSED and row not in allowed:
            errors.append(ProblemError(starter, f"the starter passes '{row['name']}'{where}",
                                       "the stub must fail this test: leave its body as `raise NotImplementedError` "
                                       "and make the test call the function and check what it returns, or list the "
                                       "test in `starter_passes` in problem.toml"))
    if not caught(results[RunKey(leg, "starter")]):
        errors.append(ProblemError(starter, f"the starter passes every hidden test{where}",
                                   "at least one test must fail the starter"))
    for wrong in problem.wrong:
        if not caught(results[RunKey(leg, f"wrong/{wrong.name}")]):
            errors.append(ProblemError(wrong.path,
                                       f"known-wrong solution `{wrong.name}` ({wrong.summary}) passes every hidden "
                                       f"test{where}",
                                       "add a hidden test that this mistake fails, with a display name in problem.toml"))
    return errors


def written_at(problem: Problem, row: dict) -> str:
    """` (test `test_f` at FILE:LINE, its assertion at line N)` after the message: where the failing test is
    written, since its display name alone does not find it; "" when it cannot be found."""
    place = test_place(problem, row["id"])
    if place is None:
        return ""
    path, line, assertion = place
    return f" (test `{row['id']}` at {path}:{line}" + (f", its assertion at line {assertion})" if assertion else ")")


def fix_for(message: str, leg: str) -> str:
    """The fix for a reference that fails, by the cause its message names."""
    if "ModuleNotFoundError" in message or "No module named" in message:
        return ("a module the tests or the reference import is not available there: list a pure-Python package "
                "from PyPI in `packages` in problem.toml, or put a helper module in hidden_tests/SLUG/")
    if "FileNotFoundError" in message:
        return ("a file was not found where the code looked: the solution's code runs in a folder holding the "
                "files of hidden_tests/SLUG/data/ (open them by plain name, `open(\"values.csv\")`); a test opens "
                "its own files relative to itself, `Path(__file__).parent / \"data\" / NAME`")
    if leg == IN_PYODIDE:
        return ("the browser runs Pyodide (Python 3.13, numpy 2.2.5, no threads or subprocesses): avoid what "
                "differs there, or report a bug")
    return "fix the reference solution, or the test if its expectation is wrong"


def starter_may_pass(problem: Problem, row_id: str) -> bool:
    """Is this row covered by a [tests] key listed in `starter_passes`?"""
    return any(key_names(key, row_id) for key in problem.starter_passes)


def live_diagnosis_errors(problem: Problem, results: Results, leg: str = CPYTHON) -> list[ProblemError]:
    """Each known-wrong solution's own run names it, as the learner's page would."""
    if problem.probes_path is None:
        return []
    where = _where(leg)
    errors = []
    for wrong in problem.wrong:
        result = results[RunKey(leg, f"wrong/{wrong.name}")]
        if "error" in result:   # a failed session: shortfalls says so
            continue
        named = (result.get("diagnosis") or {}).get("name")
        if caught(result) and not result.get("stop") and named != wrong.name:
            errors.append(ProblemError(wrong.path,
                                       f"a run of known-wrong solution `{wrong.name}`{where} is diagnosed as "
                                       f"{f'`{named}`' if named else 'no known mistake'}",
                                       "make its probe outputs differ from the reference's and the others'"))
    return errors


def flaky_tests(problem: Problem, first: Results, second: Results) -> list[ProblemError]:
    """Tests whose outcome changed between two runs of the same code (with other hash seeds)."""
    errors = []
    for key, result in first.items():
        again = {row["id"]: row["outcome"] for row in second[key]["rows"]}
        for row in result["rows"]:
            if again.get(row["id"]) != row["outcome"]:
                place = test_place(problem, row["id"])
                errors.append(ProblemError(
                    place[0] if place else problem.tests_dir,
                    f"flaky test '{row['name']}' (`{row['id']}`): {row['outcome']} then {again.get(row['id'])} "
                    f"against {key.label}",
                    "seed every random generator (np.random.default_rng(SEED)) and don't depend on set or dict order",
                    line=place[1] if place else None))
    return errors


# A test this many times past its budget fails `check`; nearer, it is a warning.
SLOW_ERROR_FACTOR = 4.0


def slow_tests(problem: Problem, first: Result, second: Result) -> tuple[list[ProblemError], list[ProblemError]]:
    """Tests whose CPU time against the reference passes the problem's budget
    (`slow_test_ms`): (errors, warnings). CPU time, the best of the two runs, gives the
    same verdict on an idle and on a busy machine; Pyodide runs several times slower still."""
    budget = problem.slow_test_ms
    again = {row["id"]: row.get("cpu_ms", 0.0) for row in second["rows"]}
    errors: list[ProblemError] = []
    warnings: list[ProblemError] = []
    for row in first["rows"]:
        spent = min(row.get("cpu_ms", 0.0), again.get(row["id"], row.get("cpu_ms", 0.0)))
        if spent <= budget:
            continue
        far = spent > SLOW_ERROR_FACTOR * budget
        issue = ProblemError(problem.tests_dir,
                             f"test '{row['name']}' took {spent:.0f} ms of CPU against the reference "
                             f"(budget {budget:.0f} ms{'' if far else '; an error past ' + f'{SLOW_ERROR_FACTOR * budget:.0f} ms'})",
                             "use smaller inputs or fewer repetitions (learners wait for every run), "
                             "or raise `slow_test_ms` in problem.toml")
        (errors if far else warnings).append(issue)
    return errors, warnings


def sweep_errors(problem: Problem, record: ProbeRecord) -> list[ProblemError]:
    """Every sweep runs on the reference without error and shows at least one known mistake;
    every known-wrong solution is visibly apart from the reference on at least one sweep."""
    sweeps = record.get("sweeps") or []
    if problem.probes_path is None:   # a record comes from probes.py: there is none without it
        return []
    probes = problem.probes_path
    # Declarations that cannot be drawn (an unknown kind, a missing key) were not evaluated.
    declared = [ProblemError(probes, found["message"], found["fix"]) for found in record.get("sweep_problems", [])]
    if declared or not sweeps:
        return declared
    errors = []
    for sweep in sweeps:
        reference = sweep["reference"]
        if reference is None or reference["errors"]:
            first = (reference or {"errors": [{"message": "the reference could not be loaded"}]})["errors"][0]
            errors.append(ProblemError(probes, f"sweep `{sweep['name']}` fails on the reference: {first['message']}"
                                               + (f" at x = {first['x']}" if first.get("x") is not None else ""),
                                       "make every sweep point an input the reference accepts"))
            continue
        if not any(apart(c["ys"], reference["ys"]) for c in sweep["wrong"].values() if c is not None):
            errors.append(ProblemError(probes, f"sweep `{sweep['name']}` shows no known mistake: every known-wrong "
                                               "solution's curve lies on the reference's",
                                       "vary an input on which some mistake shows, or remove the sweep"))
    for wrong in problem.wrong:
        if not any(sweep["reference"] and sweep["wrong"].get(wrong.name) is not None
                   and apart(sweep["wrong"][wrong.name]["ys"], sweep["reference"]["ys"]) for sweep in sweeps):
            errors.append(ProblemError(wrong.path, f"known-wrong solution `{wrong.name}` is "
                                       "indistinguishable from the reference on every sweep",
                                       f"add a sweep to {probes} on which its curve parts from the reference's"))
    return errors


def diagnosis_errors(problem: Problem, record: ProbeRecord) -> list[ProblemError]:
    """Every known-wrong solution must be diagnosed as itself, and the reference as nothing."""
    if problem.probes_path is None:   # a record comes from probes.py: there is none without it
        return []
    probes = problem.probes_path
    errors_found = record.get("errors", {})
    if record["reference"] is None:
        return [ProblemError(problem.reference_path,
                             f"the reference fails on the probes: {errors_found.get('reference', 'it raised')}",
                             f"fix the probes in {probes} (or `observe` there) or the reference")]
    errors = []
    if diagnose(record["reference"], record, problem.tolerance):
        errors.append(ProblemError(probes, "the reference is diagnosed as a mistake", "report this as a bug"))
    for name, outputs in record["wrong"].items():
        if outputs is None:
            errors.append(ProblemError(probes, f"known-wrong solution `{name}` fails on the probes: "
                                               f"{errors_found.get(name, 'it raised')}",
                                       "make every probe an input all solutions accept"))
            continue
        found = diagnose(outputs, record, problem.tolerance)
        if found == [name]:
            continue
        if not found:
            what = "gives the reference's outputs on every probe"
        else:
            what = "is indistinguishable on the probes from " + ", ".join(f"`{n}`" for n in found if n != name)
        errors.append(ProblemError(probes, f"known-wrong solution `{name}` {what}",
                                   "add a probe input on which their outputs differ"))
    return errors


def example_errors(problem: Problem, examples: Results, leg: str = CPYTHON) -> list[ProblemError]:
    """Each stated output of the statement's Example is what the reference gives in this leg."""
    statement = problem.statement_path
    tolerance = max(problem.tolerance, LEAST_TOLERANCE)
    where = _where(leg)
    errors = []
    for case in example_cases(problem) or []:
        answer = examples.get(RunKey(leg, case.label))
        if answer is None:
            continue
        if answer.get("error") or answer.get("value") is None:
            errors.append(ProblemError(statement, f"the Example's `{case.shown}` cannot run against the "
                                                  f"reference{where}: {answer.get('error') or 'it gives no value'}",
                                       "fix the Example's code in the statement (its names, its inputs) or the "
                                       "reference", line=case.line))
        elif not agrees(case.expected, answer["value"], tolerance):
            errors.append(ProblemError(statement, f"the Example states `{case.shown}` is `{case.expected}`, but the "
                                                  f"reference gives `{answer['value']}`{where}",
                                       "fix the expected value in the statement or the reference", line=case.stated_at))
    return errors


PLACEHOLDER = "REPLACE"


def placeholder_lines(text: str) -> list[int]:
    """The 1-based lines of `text` that still hold a `REPLACE` placeholder from `new`."""
    return [number for number, line in enumerate(text.splitlines(), 1) if PLACEHOLDER in line]


def placeholder_warnings(problem: Problem) -> list[ProblemError]:
    """`REPLACE` markers that `new` wrote and that are still in what learners see: the
    statement, the starter, problem.toml and the known-wrong solutions' docstrings. A warning,
    since the scaffold must pass `check` unedited; before publishing, none should be left."""
    shown = [problem.statement_path, problem.starter_path, problem.metadata_path] + [w.path for w in problem.wrong]
    warnings = []
    for path in shown:
        try:
            found = placeholder_lines(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if found:
            more = f" (and {len(found) - 1} more lines)" if len(found) > 1 else ""
            warnings.append(ProblemError(path, f"a `{PLACEHOLDER}` placeholder from `new` is still "
                                         f"there{more}", "write the problem's own text in its place",
                                         line=found[0]))
    return warnings


def probes_file_error(problem: Problem, failure: ProbesFailure) -> ProblemError:
    """probes.py itself failed (at import, in probes() or in sweeps()): its own error, at its line."""
    probes = problem.probes_path or problem.tests_dir / "probes.py"
    tests = problem.tests_dir.as_posix()
    missing = failure.get("missing_module")
    message = failure["message"]   # paths into the course are shown relative where printed (Project.shown)
    if missing:
        fix = (f"`{missing}` is neither a module beside the tests ({tests}/{missing.split('.')[0]}.py: probes.py "
               f"imports from that folder as the tests do) nor an installed package: add the file there, or list "
               f"a pure-Python package in `packages` in problem.toml")
    elif message.startswith("FileNotFoundError"):
        fix = (f"put the file in {tests}/ (everything there ships with the tests) and open it relative to "
               f"probes.py: `Path(__file__).parent / NAME`")
    else:
        fix = (f"fix {probes.name} at the line named: probes() returns a list of probe inputs (keyword arguments "
               f"of `{problem.function}`, or what `observe` takes), sweeps() a list of sweeps")
    return ProblemError(probes, f"probes.py failed: {message}", fix, line=failure.get("line"))


def assess(problem: Problem, runs: SuiteRuns) -> ProblemReport:
    """Judge one problem's suite runs: every shortfall, flaky or slow test, wrong diagnosis."""
    report = ProblemReport(problem.slug, problem, runs.first)
    report.warnings += placeholder_warnings(problem) + starter_warnings(problem)
    if runs.probes is not None and runs.probes.get("probes_error"):
        # The root cause alone: without probes nothing is diagnosed, which is its consequence.
        report.errors.append(probes_file_error(problem, runs.probes["probes_error"]))
        report.errors += shortfalls(problem, runs.first)
        return report
    report.errors += shortfalls(problem, runs.first)
    if report.errors and any("error" in result for result in runs.first.values()):
        return report   # a session failed: what it answered proves nothing more
    if runs.first[RunKey(CPYTHON, "reference")].get("stop"):
        return report   # the reference could not even run: one error, not its consequences
    report.examples = runs.examples
    report.errors += example_errors(problem, runs.examples)
    report.errors += live_diagnosis_errors(problem, runs.first)
    report.errors += flaky_tests(problem, runs.first, runs.second)
    slow, slow_warnings = slow_tests(problem, runs.first[RunKey(CPYTHON, "reference")],
                                       runs.second[RunKey(CPYTHON, "reference")])
    report.errors += slow
    report.warnings += slow_warnings
    if runs.probes is not None:
        report.probes = runs.probes
        report.diagnosed = {name: diagnose(outputs, runs.probes, problem.tolerance)
                            for name, outputs in runs.probes["wrong"].items()}
        report.errors += diagnosis_errors(problem, runs.probes)
        report.errors += sweep_errors(problem, runs.probes)
    return report
