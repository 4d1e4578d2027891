"""The fields of `problem.toml`, declared once: this table drives parsing, defaults, the
"did you mean" for a misspelt key and the table in AUTHORING.md (tests/test_metadata.py
keeps the two equal; `python -m exercisekit.problems.metadata` prints it)."""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ProblemError

DIFFICULTIES = ("Easy", "Medium", "Hard")
# A value as tomllib reads it: str, int, float, bool, list or dict, nested.
TomlValue = Any
KINDS = ("function", "script")


@dataclass(frozen=True)
class Field:
    """One key of problem.toml."""

    name: str
    kind: str          # "str", "float", "bool", "list of str", "table of str"
    default: TomlValue  # None with `required` (or when computed from other fields)
    shown_default: str  # the default as AUTHORING.md states it
    help: str
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field("title", "str", None, "required", "shown on the index and the page", required=True),
    Field("difficulty", "str", "Medium", '`"Medium"`', "`Easy`, `Medium` or `Hard`"),
    Field("tags", "list of str", [], "`[]`", "short keywords shown on the index"),
    Field("kind", "str", "function", '`"function"`',
          "`function`: the learner writes a module the tests import; `script`: the learner writes lines that "
          "run once in a namespace made by `script_setup.py` (see *Script problems*)"),
    Field("function", "str", None, "the slug",
          "the function (or class) learners write; starter and reference must define it"),
    Field("signature", "str", None, "`function(...)`", "shown above the editor"),
    Field("time_limit", "float", 10.0, "`10`", "seconds a browser run may take before the page stops it"),
    Field("tolerance", "float", 1e-6, "`1e-6`",
          "relative (and absolute) tolerance when probe outputs are compared"),
    Field("slow_test_ms", "float", 500.0, "`500`",
          "CPU time one hidden test may take against the reference under CPython; `check` warns "
          "above it and fails above four times it"),
    Field("prerequisites", "list of str", [], "`[]`", "slugs to solve first: the index orders problems as a path"),
    Field("hints", "list of str", [], "`[]`",
          "progressive hints, shown one at a time on request: a nudge, then the formula, then the shape of the code. "
          "Each is Markdown with $math$, rendered and checked like the statement"),
    Field("show_solution", "bool", False, "`false`",
          "when true, the reference ships for this problem and the page offers *Show solution*"),
    Field("solution_after_hints", "bool", False, "`false`",
          "when true, the reference ships for this problem and *Show solution* is offered once every hint "
          "is shown: a way forward after the last hint (needs `hints`)"),
    Field("show_given_code", "bool", False, "`false`",
          "script problems: show `script_setup.py` above the editor and `script_trailing.py` below it; "
          "function problems: show `given_code.py` above it; read-only, as the code around the learner's "
          "lines (hidden when false)"),
    Field("starter_passes", "list of str", [], "`[]`",
          "[tests] keys the starter may pass (a refactoring exercise, a stub that returns a neutral "
          "value); every other test must fail the starter, and at least one must"),
    Field("packages", "list of str", [], "`[]`",
          'packages beyond numpy and pytest: any of Pyodide\'s lock by name (`"scikit-learn"`), or pure-Python ones from PyPI pinned (`"NAME==VERSION"`)'),
    Field("tests", "table of str", None, "required",
          "each hidden test mapped to the name learners see, in display order. A key is a test function "
          "(`test_shapes`, covering all its parametrized cases), a method (`\"TestMean::test_value\"`), a "
          "whole class (`TestMean`, shown as \"NAME: method\") or one case (`\"test_shapes[3]\"`). `check` "
          "fails on a key that names no test and on a test no key names. A test worth more than 1 point: "
          "`test_step = {title = \"One step\", points = 3}` (see *Points per test*)", required=True),
)
BY_NAME = {field.name: field for field in FIELDS}


def _type_error(field: Field, value: TomlValue, path: Path, line: int | None = None) -> ProblemError:
    if field.kind == "list of str" and isinstance(value, str):   # `hints = "..."`: one string, not a list
        shown = value if len(value) <= 40 else value[:37] + "..."
        return ProblemError(path, f"metadata `{field.name}` should be a list of strings, got one string",
                            f"put it in brackets: `{field.name} = [{shown!r}]`".replace("'", '"'), line=line)
    return ProblemError(path, f"metadata `{field.name}` should be {field.kind}, got {type(value).__name__}",
                        f"change `{field.name}` in {path.name}: {field.help}", line=line)


def _convert(field: Field, value: TomlValue, path: Path, line: int | None = None) -> TomlValue:
    if field.kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    expected: type[Any] = {"str": str, "float": float, "bool": bool, "list of str": list, "table of str": dict}[field.kind]
    if not isinstance(value, expected) or (isinstance(value, bool) and field.kind != "bool"):
        raise _type_error(field, value, path, line)
    if field.kind == "list of str" and not all(isinstance(item, str) for item in value):
        raise ProblemError(path, f"metadata `{field.name}` should be a list of strings",
                           f'write `{field.name} = ["...", "..."]`', line=line)
    if field.kind == "table of str" and not all(isinstance(item, (str, dict)) for item in value.values()):
        raise ProblemError(path, f"every entry of [{field.name}] should map a test to a display name",
                           'write `test_name = "What the learner reads"` under [tests]')
    return tuple(value) if field.kind == "list of str" else value


def parse_metadata(meta: dict, path: Path, line_of=lambda key: None) -> dict:
    """Every field's value, defaults filled in; an unknown key or a wrong type is an error
    naming the file (and the key's line, through `line_of`)."""
    for key in meta:
        if key not in BY_NAME:
            close = difflib.get_close_matches(key, BY_NAME, n=1, cutoff=0.6)
            fix = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(BY_NAME)}"
            raise ProblemError(path, f"unknown metadata key `{key}`", fix, line=line_of(key))
    values = {}
    for field in FIELDS:
        if field.name not in meta:
            if field.required:
                raise ProblemError(path, f"metadata has no `{field.name}`",
                                   f"add `{field.name} = ...` to {path.name}: {field.help}")
            values[field.name] = tuple(field.default) if field.kind == "list of str" else field.default
            continue
        values[field.name] = _convert(field, meta[field.name], path, line_of(field.name))
    if values["difficulty"] not in DIFFICULTIES:
        raise ProblemError(path, f"unknown difficulty {values['difficulty']!r}",
                           f"use one of {', '.join(DIFFICULTIES)}", line=line_of("difficulty"))
    values["tests"], values["points"] = split_tests(dict(values["tests"]), path, line_of)
    if values["kind"] not in KINDS:
        raise ProblemError(path, f"unknown kind {values['kind']!r}", f"use one of {', '.join(KINDS)}",
                           line=line_of("kind"))
    return values


TEST_ENTRY_KEYS = ("title", "points")


def split_tests(tests: dict, path: Path, line_of=lambda key: None) -> tuple[dict[str, str], dict[str, float]]:
    """[tests] as (key -> display name, key -> points). An entry is a display name (1 point)
    or an inline table `{title = "...", points = N}`; points are finite non-negative
    numbers, and not all of them may be 0 (a score needs something to count)."""
    names: dict[str, str] = {}
    points: dict[str, float] = {}
    for key, entry in tests.items():
        if isinstance(entry, str):
            names[key], points[key] = entry, 1.0
            continue
        example = f'"{key}" = {{title = "What the learner reads", points = 2}}'
        for inner in entry:
            if inner not in TEST_ENTRY_KEYS:
                close = difflib.get_close_matches(inner, TEST_ENTRY_KEYS, n=1, cutoff=0.6)
                hint = f"did you mean `{close[0]}`?" if close else "use `title` and `points`"
                raise ProblemError(path, f"[tests] entry `{key}` has an unknown key `{inner}`",
                                   f"{hint} (write {example})", line=line_of(key))
        title = entry.get("title")
        if not isinstance(title, str) or not title.strip():
            raise ProblemError(path, f"[tests] entry `{key}` has no `title` (the name learners read)",
                               f"write {example}", line=line_of(key))
        value = entry.get("points", 1.0)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise ProblemError(path, f"[tests] entry `{key}` has points = {value!r}; points are a non-negative number",
                               f"write a number such as `points = 2` or `points = 0.5` ({example})",
                               line=line_of(key))
        names[key], points[key] = title, float(value)
    if points and not any(points.values()):
        raise ProblemError(path, "every test in [tests] has 0 points, so no score can be given",
                           "give at least one test points > 0 (a test without `points` has 1)",
                           line=line_of("tests"))
    return names, points


def fields_table() -> str:
    """The Markdown table of fields, as AUTHORING.md shows it."""
    lines = ["| field | default | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{'[tests]' if f.name == 'tests' else f.name}` | {f.shown_default} | {f.help} |" for f in FIELDS]
    return "\n".join(lines)


if __name__ == "__main__":
    print(fields_table())
