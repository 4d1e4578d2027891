"""`check`'s rules, report, cache and batching on literal results: the legs answer from
memory (memory_leg.py), so no process starts and every verdict is read off a written-out run."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from memory_leg import MemoryLeg, row, run
from projects import write_problem

from exercisekit.check import CPYTHON, IN_PYODIDE, RunKey, check_all, format_report, summary_line
from exercisekit.check.legs import JobFailed, Legs, TryResult, result_of
from exercisekit.project import Project
from exercisekit.runtime.results import ERROR, FAILED, PASSED, SKIPPED, Diagnosis, Stop

TESTS = "from double import double\n\n\ndef test_one():\n    assert double(1) == 2\n\n\ndef test_two():\n    assert double(2) == 4\n"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course of one problem, `double`, with one known-wrong solution, `triples`."""
    return write_problem(tmp_path, "double", tests=TESTS, names={"test_one": "One", "test_two": "Two"},
                         reference="def double(x):\n    return 2 * x\n",
                         wrong={"triples": "def double(x):\n    return 3 * x\n"})


def good_answers(slug: str = "double") -> dict:
    """A reference that passes both tests, a starter that errors on both, a wrong one caught once."""
    return {(slug, "reference"): run(row("test_one"), row("test_two")),
            (slug, "starter"): run(row("test_one", ERROR, "NotImplementedError"), row("test_two", ERROR)),
            (slug, "wrong/triples"): run(row("test_one", FAILED, "assert 3 == 2"), row("test_two", FAILED))}


def legs(host_answers: dict, browser_answers: dict | None = None, **host_fields) -> Legs:
    host = MemoryLeg(CPYTHON, host_answers, **host_fields)
    return Legs(host, MemoryLeg(IN_PYODIDE, browser_answers) if browser_answers is not None else None)


def messages(report) -> list[str]:
    return [error.message for error in report.errors]


def test_a_problem_passing_both_legs_is_ok_and_its_results_are_kept_by_leg(course: Path):
    chosen = legs(good_answers(), good_answers())
    (report,) = check_all(course, legs=chosen)
    assert report.ok, messages(report)
    assert report.results[RunKey(CPYTHON, "reference")]["passed"] == 2
    assert report.results[RunKey(IN_PYODIDE, "wrong/triples")]["rows"][0]["message"] == "assert 3 == 2"
    assert [r.hash_seed for r in chosen.host.requests] == [0, 1]   # the host runs the suite twice
    assert len(chosen.browser.requests) == 1 and chosen.browser.prepared == 1
    assert summary_line(report) == ("ok  double (2 test cases, 1 known-wrong caught (no probes.py to name them); "
                                    "CPython and Pyodide)")
    table = format_report(report, Project.at(course))
    assert "wrong/triples" in table and "caught by 2: test_one; test_two" in table
    assert "in Pyodide: known-wrong" in table and "1/1 caught" in table


def test_without_a_browser_leg_only_cpython_is_proven(course: Path):
    (report,) = check_all(course, legs=legs(good_answers()))
    assert report.ok and RunKey(IN_PYODIDE, "reference") not in report.results
    assert summary_line(report).endswith("; CPython)")


def test_a_known_wrong_solution_that_passes_everything_is_an_error_on_its_file(course: Path):
    answers = {**good_answers(), ("double", "wrong/triples"): run(row("test_one"), row("test_two"))}
    chosen = legs(answers, good_answers())
    (report,) = check_all(course, legs=chosen)
    assert messages(report) == ["known-wrong solution `triples` (The mistake called triples.) passes every hidden test"]
    assert report.errors[0].file.name == "triples.py"
    assert chosen.browser.requests == []   # a problem failing CPython is not run in Pyodide


def test_a_starter_that_passes_a_test_is_an_error_and_one_that_passes_all_another(course: Path):
    answers = {**good_answers(), ("double", "starter"): run(row("test_one"), row("test_two", ERROR))}
    (report,) = check_all(course, legs=legs(answers))
    assert messages(report) == ["the starter passes 'test_one'"]
    answers[("double", "starter")] = run(row("test_one"), row("test_two"))
    (report,) = check_all(course, legs=legs(answers))
    assert messages(report) == ["the starter passes 'test_one'", "the starter passes 'test_two'",
                                "the starter passes every hidden test"]


def test_a_reference_failing_only_in_pyodide_is_said_to_fail_there(course: Path):
    browser = {**good_answers(), ("double", "reference"): run(row("test_one"), row("test_two", FAILED, "No module named 'scipy'"))}
    (report,) = check_all(course, legs=legs(good_answers(), browser))
    # Where the failing test is written follows its message (the test's file, its line, the assertion's).
    [message] = messages(report)
    assert message.startswith("the reference fails 'test_two' in Pyodide: No module named 'scipy' (test `test_two` at ")
    assert message.endswith("hidden_tests/double/test_double.py:8, its assertion at line 9)")
    assert "packages" in report.errors[0].fix   # the fix for a missing module, not for a wrong reference


def test_a_reference_that_stops_is_one_error_not_its_consequences(course: Path):
    answers = {**good_answers(), ("double", "reference"): run(stop=Stop("load_error", "SyntaxError: invalid syntax",
                                                                         ["reference.py, line 2"], 2))}
    (report,) = check_all(course, legs=legs(answers))
    assert messages(report) == ["the tests could not run against the reference (load_error): SyntaxError: invalid "
                                "syntax (reference.py, line 2)"]


def test_no_collected_test_and_a_failed_session_are_errors(course: Path):
    answers = {**good_answers(), ("double", "reference"): run()}
    (report,) = check_all(course, legs=legs(answers))
    assert messages(report) == ["no hidden test was collected"]
    answers[("double", "reference")] = JobFailed("worker lost")
    (report,) = check_all(course, legs=legs(answers))
    assert messages(report) == ["the runtime failed: worker lost"]


def test_a_test_whose_outcome_changes_with_the_hash_seed_is_flaky(course: Path):
    rerun = {("double", "wrong/triples"): run(row("test_one", FAILED), row("test_two"))}
    (report,) = check_all(course, legs=legs(good_answers(), reruns=rerun))
    assert messages(report) == ["flaky test 'test_two' (`test_two`): failed then passed against wrong/triples"]


def test_slow_tests_warn_near_the_budget_and_fail_far_past_it(course: Path, tmp_path: Path):
    (probe,) = check_all(course, legs=legs(good_answers()))
    budget = probe.loaded.slow_test_ms
    answers = {**good_answers(), ("double", "reference"): run(row("test_one", cpu_ms=2 * budget),
                                                              row("test_two", cpu_ms=5 * budget))}
    (report,) = check_all(course, legs=legs(answers))
    assert [w.message.split(" took")[0] for w in report.warnings] == ["test 'test_one'"]
    assert [e.message.split(" took")[0] for e in report.errors] == ["test 'test_two'"]
    # The best of the two runs counts: a test slow once only is not slow.
    fast_again = {("double", "reference"): run(row("test_one"), row("test_two"))}
    (report,) = check_all(course, legs=legs(answers, reruns=fast_again))
    assert report.ok and not report.warnings


def test_skips_do_not_count_as_collected_tests(course: Path):
    answers = {**good_answers(), ("double", "reference"): run(row("test_one", SKIPPED), row("test_two", SKIPPED))}
    (report,) = check_all(course, legs=legs(answers))
    assert messages(report) == ["no hidden test was collected"]


def test_a_crashed_batch_is_checked_one_problem_at_a_time_to_name_the_culprit(tmp_path: Path):
    for slug in ("aaa", "bbb"):
        write_problem(tmp_path, slug, tests=TESTS.replace("double", slug), names={"test_one": "One", "test_two": "Two"},
                      reference=f"def {slug}(x):\n    return 2 * x\n",
                      wrong={"triples": f"def {slug}(x):\n    return 3 * x\n"})
    answers = {key: value for slug in ("aaa", "bbb") for key, value in good_answers(slug).items()}
    host = MemoryLeg(CPYTHON, answers, fails={"bbb"})
    reports = {r.slug: r for r in check_all(tmp_path, jobs=1, legs=Legs(host))}
    assert reports["aaa"].ok
    assert messages(reports["bbb"]) == ["the leg crashed on ['bbb']"]
    assert [sorted(r.problems) for r in host.requests] == [["aaa", "bbb"], ["aaa"], ["aaa"], ["bbb"]]


def test_a_passing_report_is_cached_and_not_run_again_until_a_file_changes(course: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    check_all(course, legs=legs(good_answers(), good_answers()), cache_dir=cache)
    again = legs(good_answers(), good_answers())
    (report,) = check_all(course, legs=again, cache_dir=cache)
    assert report.ok and report.results[RunKey(IN_PYODIDE, "reference")]["passed"] == 2
    assert again.host.requests == [] and again.browser.requests == []
    (course / "solutions" / "double" / "reference.py").write_text("def double(x):\n    return x + x\n")
    changed = legs(good_answers(), good_answers())
    check_all(course, legs=changed, cache_dir=cache)
    assert len(changed.host.requests) == 2


def test_a_prose_edit_keeps_the_cache_and_one_of_the_example_its_lines_or_a_placeholder_does_not(course: Path,
                                                                                                 tmp_path: Path):
    """An edit of the prose reuses the passing report (the live preview shows it at once);
    the Example's code, the line it starts on (its runs are keyed by line) and a `REPLACE`
    placeholder each change what check says, so an edit of any of them runs the legs again."""
    cache = tmp_path / "cache"
    statement = course / "exercise" / "double" / "statement.md"
    check_all(course, legs=legs(good_answers(), good_answers()), cache_dir=cache)

    def runs_after(text: str, value: str = "4") -> tuple[int, object]:
        """Check again after writing `text`; the reference gives `value` for the Example."""
        statement.write_text(text)
        answers = {**good_answers(), **{("double", f"example:{line}"): TryResult(value) for line in (6, 8)}}
        chosen = legs(answers, answers)
        (report,) = check_all(course, legs=chosen, cache_dir=cache)
        assert report.ok, messages(report)
        return len(chosen.host.requests) + len(chosen.browser.requests), report

    example = "## Example\n\n```python\n>>> double(2)\n4\n```\n"
    ran, report = runs_after(f"Write `double`.\n\n{example}")
    assert ran == 3 and set(report.examples) == {RunKey(CPYTHON, "example:6"), RunKey(IN_PYODIDE, "example:6")}
    ran, report = runs_after(f"Write `double`, which doubles *x*.\n\n{example}\nMore prose.\n\n## Notes\n\nMore.\n")
    assert ran == 0, "prose before, after and inside the Example section"
    ran, report = runs_after(f"Write `double`.\n\nIt doubles.\n\n{example}")
    assert ran == 3 and RunKey(CPYTHON, "example:8") in report.examples, "a line added above the Example moves it"
    other = example.replace("2", "3").replace("4", "6")
    assert runs_after(f"Write `double`.\n\nIt doubles.\n\n{other}", "6")[0] == 3
    ran, report = runs_after(f"Write `double`. REPLACE\n\nIt doubles.\n\n{other}", "6")
    assert ran == 3 and [w.line for w in report.warnings if "placeholder" in w.message] == [1]
    assert runs_after(f"Write `double`. REPLACE\n\nIt doubles twice.\n\n{other}", "6")[0] == 0


def test_new_prose_is_rendered_and_refused_even_when_the_report_is_cached(course: Path, tmp_path: Path):
    """The cache keeps no prose, so every check renders the statement: HTML a statement may
    not carry fails the problem although its cached report passed."""
    cache = tmp_path / "cache"
    check_all(course, legs=legs(good_answers(), good_answers()), cache_dir=cache)
    statement = course / "exercise" / "double" / "statement.md"
    statement.write_text(statement.read_text() + "\n<script>alert(1)</script>\n")
    (report,) = check_all(course, legs=legs({}, {}), cache_dir=cache)   # a leg asked anything would raise KeyError
    assert not report.ok and "<script> is not allowed" in messages(report)[0]
    assert report.errors[0].file == statement


def test_a_report_cached_without_the_browser_leg_is_run_again_with_it(course: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    check_all(course, legs=legs(good_answers()), cache_dir=cache)
    with_browser = legs(good_answers(), good_answers())
    (report,) = check_all(course, legs=with_browser, cache_dir=cache)
    assert report.ok and len(with_browser.browser.requests) == 1


def test_a_failing_report_is_never_cached(course: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    answers = {**good_answers(), ("double", "wrong/triples"): run(row("test_one"), row("test_two"))}
    check_all(course, legs=legs(answers), cache_dir=cache)
    again = legs(answers)
    check_all(course, legs=again, cache_dir=cache)
    assert len(again.host.requests) == 2


def test_an_unreadable_cache_entry_is_a_miss_and_is_written_again_whole(course: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    (first,) = check_all(course, legs=legs(good_answers(), good_answers()), cache_dir=cache)
    [entry] = cache.iterdir()
    entry.write_text('{"results": {"reference"')   # cut short, as by a crash mid-write elsewhere
    again = legs(good_answers(), good_answers())
    (report,) = check_all(course, legs=again, cache_dir=cache)
    assert report.ok and len(again.host.requests) == 2 and len(again.browser.requests) == 1, "a miss runs again"
    assert report.results == first.results
    # Rewritten whole, read back as it was first stored, and no partial file left beside it.
    assert [p.name for p in cache.iterdir()] == [entry.name]
    (served,) = check_all(course, legs=legs({}, {}), cache_dir=cache)
    assert served.results == first.results


def test_an_entry_is_served_as_stored_and_no_cache_runs_the_legs(course: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    check_all(course, legs=legs(good_answers()), cache_dir=cache)
    [entry] = cache.iterdir()
    stored = json.loads(entry.read_text())
    stored["results"]["reference"]["rows"][0]["name"] = "served from the cache"
    entry.write_text(json.dumps(stored))
    (again,) = check_all(course, legs=legs({}), cache_dir=cache)   # a leg asked anything would raise KeyError
    assert again.results["reference"]["rows"][0]["name"] == "served from the cache"
    fresh_legs = legs(good_answers())
    (fresh,) = check_all(course, legs=fresh_legs)
    assert fresh.results["reference"]["rows"][0]["name"] == "test_one" and len(fresh_legs.host.requests) == 2


def test_answers_read_from_a_process_become_typed_results_and_back():
    ran = run(row("test_one"), row("test_two", FAILED, "no"), diagnosis=Diagnosis("triples", "s", "e", "h"))
    assert result_of(ran.to_json()) == ran
    tried = TryResult(value="4", stdout="hi\n", traceback=("line 1",), line=1, duration_ms=3.0)
    assert result_of(tried.to_json()) == tried
    failed_try = TryResult(value=None, error="NameError: x")
    assert result_of(failed_try.to_json()) == failed_try
    assert result_of({"error": "session failed"}) == JobFailed("session failed")
    assert ran.to_json()["passed"] == 1 and ran.to_json()["total"] == 2 and PASSED == ran.rows[0].outcome


def test_a_session_failing_on_another_target_is_an_error_not_a_crash_of_check(course: Path):
    answers = {**good_answers(), ("double", "starter"): JobFailed("worker lost")}
    (report,) = check_all(course, legs=legs(answers))
    assert messages(report) == ["the runtime failed against starter: worker lost"]
