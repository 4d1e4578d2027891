"""Given code for function problems: `hidden_tests/SLUG/given_code.py`, the code the
learner's module runs in (imports, helpers, earlier steps of a notebook), run first in the
module's own namespace, so the learner's code uses its names as if it had written them
above. It is the one way a function problem hands the learner code; the tests' folder being
on sys.path is not (a helper module there is for the tests). The page shows it read-only
above the editor when the problem sets `show_given_code = true`.
"""
from __future__ import annotations

import os
import sys
import types

GIVEN_CODE = "given_code.py"


class GivenCodeError(Exception):
    """The problem's given code itself failed (not the learner's code)."""


def given_file(tests_dir: str) -> str | None:
    """The given code's path in `tests_dir`, or None when the problem has none."""
    path = os.path.join(tests_dir, GIVEN_CODE) if tests_dir else ""
    return path if path and os.path.isfile(path) else None


def module_with_given(module_name: str, module_file: str, given: str, register: bool = True) -> types.ModuleType:
    """The learner's module `module_name` from `module_file`, the given code run first in its
    namespace. Registered in sys.modules (as an import would) when `register`; a failure
    leaves nothing behind, as a failed import does. The learner's code is compiled under its
    own file name, so tracebacks show the learner's lines."""
    module = types.ModuleType(module_name)
    module.__file__ = module_file
    if register:
        sys.modules[module_name] = module
    try:
        with open(given, encoding="utf-8") as stream:
            given_source = stream.read()
        try:
            exec(compile(given_source, given, "exec"), module.__dict__)
        except BaseException as exc:
            raise GivenCodeError(f"the problem's given code ({GIVEN_CODE}) failed: "
                                 f"{type(exc).__name__}: {exc}") from exc
        with open(module_file, encoding="utf-8") as stream:
            exec(compile(stream.read(), module_file, "exec"), module.__dict__)
    except BaseException:
        if register:
            sys.modules.pop(module_name, None)
        raise
    return module
