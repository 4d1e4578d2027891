"""Loading problems from disk into plain dataclasses.

A problem called SLUG is spread over three trees, so that what ships to learners and what
never does are kept apart by folder:

    exercise/SLUG/problem.toml      metadata (title, difficulty, tests' display names, ...)
    exercise/SLUG/statement.md      the statement, Markdown with $TeX$ math
    exercise/SLUG/starter.py        the stub the learner starts from
    solutions/SLUG/reference.py     the reference solution (never shipped)
    solutions/SLUG/wrong/*.py       known-wrong solutions (never shipped)
    hidden_tests/SLUG/test_*.py     the hidden tests; they `from SLUG import ...`
    hidden_tests/SLUG/probes.py     optional probe inputs used to name a learner's mistake
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ProblemError

DIFFICULTIES = ("Easy", "Medium", "Hard")
DEFAULT_TIME_LIMIT = 10.0
DEFAULT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class WrongSolution:
    """A known-wrong solution: one real misconception, which the hidden tests must catch."""

    name: str
    path: Path
    summary: str
    explanation: str
    hint: str


@dataclass(frozen=True)
class Problem:
    """Everything about one problem, as read from its files."""

    slug: str
    title: str
    difficulty: str
    tags: tuple[str, ...]
    function: str
    signature: str
    time_limit: float
    tolerance: float
    test_names: dict[str, str]
    prerequisites: tuple[str, ...]
    hints: tuple[str, ...]
    show_solution: bool
    statement: str
    starter: str
    metadata_path: Path
    statement_path: Path
    starter_path: Path
    reference_path: Path
    tests_dir: Path
    test_files: tuple[Path, ...]
    probes_path: Path | None
    wrong: tuple[WrongSolution, ...] = field(default=())


@dataclass(frozen=True)
class ProblemTrees:
    """The three folders problems live in."""

    root: Path

    @property
    def exercise(self) -> Path:
        return self.root / "exercise"

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def hidden_tests(self) -> Path:
        return self.root / "hidden_tests"

    def slugs(self) -> list[str]:
        """Every problem folder name found in any of the three trees, sorted."""
        found = set()
        for tree in (self.exercise, self.solutions, self.hidden_tests):
            if tree.is_dir():
                found.update(p.name for p in tree.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
        return sorted(found)


def relative(path: Path, root: Path) -> Path:
    """`path` relative to `root` when it lies below it: error messages name project files."""
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def read_text(path: Path, root: Path, what: str) -> str:
    """Read a required UTF-8 file, or raise a ProblemError saying what the file is for."""
    if not path.is_file():
        raise ProblemError(relative(path, root), f"missing {what}", f"create {relative(path, root)}")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemError(relative(path, root), f"cannot read {what}: {exc}", "save the file as UTF-8 text") from exc


def _toml_line(exc: tomllib.TOMLDecodeError) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def read_metadata(path: Path, root: Path) -> dict:
    """Parse problem.toml; a syntax error names its line."""
    text = read_text(path, root, "metadata (problem.toml)")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProblemError(relative(path, root), f"unreadable metadata: {exc}",
                           "fix the TOML syntax (strings in double quotes, one `key = value` per line)",
                           line=_toml_line(exc)) from exc


def _field(meta: dict, key: str, kind: type | tuple, path: Path, default=None, required: bool = False):
    if key not in meta:
        if required:
            raise ProblemError(path, f"metadata has no `{key}`", f"add `{key} = ...` to {path.name}")
        return default
    value = meta[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ProblemError(path, f"metadata `{key}` should be {names}, got {type(value).__name__}",
                           f"change `{key}` in {path.name}")
    return value


def _string_list(meta: dict, key: str, path: Path) -> tuple[str, ...]:
    values = _field(meta, key, list, path, default=[])
    if not all(isinstance(v, str) for v in values):
        raise ProblemError(path, f"metadata `{key}` should be a list of strings", f'write `{key} = ["...", "..."]`')
    return tuple(values)


def parse_wrong_solution(path: Path, root: Path) -> WrongSolution:
    """Read a known-wrong solution; its module docstring describes the mistake.

    Docstring format: first line, the mistake in one line; a paragraph starting
    "Explanation:" addressed to the learner; a line starting "Hint:".
    """
    import ast

    source = read_text(path, root, "known-wrong solution")
    rel = relative(path, root)
    try:
        doc = ast.get_docstring(ast.parse(source, filename=str(rel))) or ""
    except SyntaxError as exc:
        raise ProblemError(rel, f"syntax error: {exc.msg}", "fix the Python syntax", line=exc.lineno) from exc
    if not doc.strip():
        raise ProblemError(rel, "known-wrong solution has no docstring describing its mistake",
                           'start the file with """One line naming the mistake."""', line=1)
    summary, _, rest = doc.strip().partition("\n")
    explanation, _, hint = rest.partition("Hint:")
    explanation = " ".join(explanation.replace("Explanation:", "").split())
    return WrongSolution(name=path.stem, path=path, summary=summary.strip(), explanation=explanation,
                         hint=" ".join(hint.split()))


def load_problem(trees: ProblemTrees, slug: str) -> Problem:
    """Read one problem's files. Raises ProblemError for the first thing that is missing or unreadable."""
    root = trees.root
    folder = trees.exercise / slug
    meta_path = folder / "problem.toml"
    rel_meta = relative(meta_path, root)
    meta = read_metadata(meta_path, root)
    tests_dir = trees.hidden_tests / slug
    test_files = tuple(sorted(tests_dir.glob("test_*.py"))) if tests_dir.is_dir() else ()
    if not test_files:
        rel = relative(tests_dir, root)
        raise ProblemError(rel, "no hidden tests", f"add {rel}/test_{slug}.py with test functions that `from {slug} import ...`")
    tests = _field(meta, "tests", dict, rel_meta, required=True)
    if not all(isinstance(v, str) for v in tests.values()):
        raise ProblemError(rel_meta, "every entry of [tests] should map a test function to a display name",
                           'write `test_name = "What the learner reads"` under [tests]')
    wrong_dir = trees.solutions / slug / "wrong"
    wrong = tuple(parse_wrong_solution(p, root) for p in sorted(wrong_dir.glob("*.py")) if not p.name.startswith("_"))
    probes = tests_dir / "probes.py"
    difficulty = _field(meta, "difficulty", str, rel_meta, default="Medium")
    if difficulty not in DIFFICULTIES:
        raise ProblemError(rel_meta, f"unknown difficulty {difficulty!r}", f"use one of {', '.join(DIFFICULTIES)}")
    function = _field(meta, "function", str, rel_meta, default=slug)
    reference_path = trees.solutions / slug / "reference.py"
    read_text(reference_path, root, "reference solution")
    return Problem(
        slug=slug,
        title=_field(meta, "title", str, rel_meta, required=True),
        difficulty=difficulty,
        tags=_string_list(meta, "tags", rel_meta),
        function=function,
        signature=_field(meta, "signature", str, rel_meta, default=f"{function}(...)"),
        time_limit=_field(meta, "time_limit", float, rel_meta, default=DEFAULT_TIME_LIMIT),
        tolerance=_field(meta, "tolerance", float, rel_meta, default=DEFAULT_TOLERANCE),
        test_names=dict(tests),
        prerequisites=_string_list(meta, "prerequisites", rel_meta),
        hints=_string_list(meta, "hints", rel_meta),
        show_solution=_field(meta, "show_solution", bool, rel_meta, default=False),
        statement=read_text(folder / "statement.md", root, "statement"),
        starter=read_text(folder / "starter.py", root, "starter stub"),
        metadata_path=meta_path,
        statement_path=folder / "statement.md",
        starter_path=folder / "starter.py",
        reference_path=reference_path,
        tests_dir=tests_dir,
        test_files=test_files,
        probes_path=probes if probes.is_file() else None,
        wrong=wrong,
    )
