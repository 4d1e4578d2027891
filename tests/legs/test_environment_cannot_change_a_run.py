"""The one entry point runs every hidden test whatever the host's environment says: options
and plugins named there (PYTEST_ADDOPTS, PYTEST_PLUGINS) would make a CPython run differ
from the page's, which has no environment."""
from __future__ import annotations

from exercisekit.runtime.runner import run_tests

TESTS = '''
from answer import double

def test_two():
    assert double(2) == 4

def test_three():
    assert double(3) == 6
'''


def test_pytest_options_in_the_environment_do_not_deselect_or_stop_tests(tmp_path, monkeypatch):
    tests, code = tmp_path / "tests", tmp_path / "code"
    tests.mkdir()
    code.mkdir()
    (tests / "test_answer.py").write_text(TESTS)
    (code / "answer.py").write_text("def double(x):\n    return x + x if x != 2 else 0\n")
    monkeypatch.setenv("PYTEST_ADDOPTS", "-x -k three")
    monkeypatch.setenv("PYTEST_PLUGINS", "no_such_plugin_module")
    result = run_tests(str(tests), str(code), "answer")
    assert [(row.name, row.outcome) for row in result.rows] == [("test_two", "failed"), ("test_three", "passed")], \
        result
