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
    hidden_tests/SLUG/data/*        files the learner's code opens by plain name (copied beside it)
    hidden_tests/SLUG/script_setup.py, script_trailing.py
                                    a script problem's hidden code around the learner's lines
    hidden_tests/SLUG/...           any other file (helper modules, data): ships with the tests
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ProblemError
from ..runtime.given import GIVEN_CODE
from ..runtime.runner import SCRIPT_SETUP, SCRIPT_TRAILING
from .metadata import parse_metadata

# Everything in hidden_tests/SLUG/ ships to the browser; a bank's data files must stay small
# enough for a page to download.
MAX_TEST_FILES_BYTES = 2_000_000
SKIPPED_NAMES = {"__pycache__", ".pytest_cache", ".DS_Store"}


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
    kind: str                        # "function" or "script"
    difficulty: str
    tags: tuple[str, ...]
    function: str
    signature: str
    time_limit: float
    tolerance: float
    slow_test_ms: float
    test_names: dict[str, str]
    test_points: dict[str, float]      # [tests] key -> points of each row it covers (1 unless given)
    prerequisites: tuple[str, ...]
    hints: tuple[str, ...]
    show_solution: bool
    solution_after_hints: bool   # Show solution offered once every hint is shown
    starter_passes: tuple[str, ...]
    packages: tuple[str, ...]
    statement: str
    starter: str
    metadata_path: Path
    statement_path: Path
    starter_path: Path
    reference_path: Path
    tests_dir: Path
    test_files: tuple[Path, ...]     # hidden_tests/SLUG/**/test_*.py
    files: tuple[Path, ...]          # every file of hidden_tests/SLUG/, test files included
    probes_path: Path | None
    wrong: tuple[WrongSolution, ...] = field(default=())
    # Script problems: the setup and trailing code, shown read-only around the editor (or "").
    given_before: str = ""
    given_after: str = ""


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
        found: set[str] = set()
        for tree in (self.exercise, self.solutions, self.hidden_tests):
            if tree.is_dir():
                found.update(p.name for p in tree.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
        return sorted(found)


def read_text(path: Path, what: str) -> str:
    """Read a required UTF-8 file, or raise a ProblemError saying what the file is for."""
    if not path.is_file():
        raise ProblemError(path, f"missing {what}", f"create {path}")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemError(path, f"cannot read {what}: {exc}", "save the file as UTF-8 text") from exc


def _toml_line(exc: tomllib.TOMLDecodeError) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def read_metadata(path: Path) -> dict:
    """Parse problem.toml; a syntax error names its line."""
    text = read_text(path, "metadata (problem.toml)")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProblemError(path, f"unreadable metadata: {exc}",
                           "fix the TOML syntax (strings in double quotes, one `key = value` per line)",
                           line=_toml_line(exc)) from exc


def key_line(text: str, key: str) -> int | None:
    """The line of `key = ...` in a TOML text, for error messages."""
    pattern = re.compile(rf'^\s*("{re.escape(key)}"|{re.escape(key)})\s*=', re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def hidden_files(tests_dir: Path) -> tuple[Path, ...]:
    """Every file of a problem's hidden-test folder, subfolders included, sorted; raises
    when together they are too large to ship to a browser."""
    files = tuple(sorted(p for p in tests_dir.rglob("*") if p.is_file()
                         and not SKIPPED_NAMES & set(p.relative_to(tests_dir).parts) and p.suffix != ".pyc"))
    total = sum(p.stat().st_size for p in files)
    if total > MAX_TEST_FILES_BYTES:
        largest = sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:3]
        sizes = ", ".join(f"{p} ({p.stat().st_size / 1e6:.1f} MB)" for p in largest)
        raise ProblemError(tests_dir, f"the hidden-test files take {total / 1e6:.1f} MB; every "
                           f"page downloads them, and the limit is {MAX_TEST_FILES_BYTES / 1e6:.0f} MB",
                           f"make the data smaller (fewer or shorter cases, float32, .npy instead of text): "
                           f"largest are {sizes}")
    return files


DOC_LABELS = ("Explanation", "Hint")


def misspelt_label(doc: str, source: str, path: Path) -> ProblemError | None:
    """A line of a known-wrong solution's docstring that starts like a label but is not
    exactly `Explanation:` or `Hint:` ("Hints:", "hint:", "Explenation:"): its text would be
    shown as part of another paragraph, so it is an error at its line."""
    for text in doc.splitlines():
        found = re.match(r"\s*([A-Za-z]{3,15})\s*:", text)
        if not found or found.group(1) in DOC_LABELS:
            continue
        word = found.group(1)
        close = difflib.get_close_matches(word.lower(), [label.lower() for label in DOC_LABELS], n=1, cutoff=0.7)
        if not close:
            continue
        label = next(label for label in DOC_LABELS if label.lower() == close[0])
        index = source.find(text.strip())
        line = source.count("\n", 0, index) + 1 if index >= 0 else None
        return ProblemError(path, f"the docstring's label `{word}:` is not one check reads, so its text would "
                                 f"be shown as part of another paragraph", f"write `{label}:` exactly", line=line)
    return None


def parse_wrong_solution(path: Path) -> WrongSolution:
    """Read a known-wrong solution; its module docstring describes the mistake.

    Docstring format: first line, the mistake in one line; a paragraph starting
    "Explanation:" addressed to the learner; a line starting "Hint:".
    """
    import ast

    source = read_text(path, "known-wrong solution")
    try:
        doc = ast.get_docstring(ast.parse(source, filename=str(path))) or ""
    except SyntaxError as exc:
        raise ProblemError(path, f"syntax error: {exc.msg}", "fix the Python syntax", line=exc.lineno) from exc
    if not doc.strip():
        raise ProblemError(path, "known-wrong solution has no docstring describing its mistake",
                           'start the file with """One line naming the mistake."""', line=1)
    label_error = misspelt_label(doc, source, path)
    if label_error:
        raise label_error
    summary, _, rest = doc.strip().partition("\n")
    explanation, _, hint = rest.partition("Hint:")
    explanation = " ".join(explanation.replace("Explanation:", "").split())
    return WrongSolution(name=path.stem, path=path, summary=summary.strip(), explanation=explanation,
                         hint=" ".join(hint.split()))


def given_code(values: dict, tests_dir: Path, meta_path: Path, line: int | None) -> tuple[str, str]:
    """The code a problem shows around the editor (`show_given_code`): a script problem's
    setup and trailing code, a function problem's given code (above the editor)."""
    if not values["show_given_code"]:
        return "", ""
    if values["kind"] != "script":
        given = tests_dir / GIVEN_CODE
        if not given.is_file():
            raise ProblemError(meta_path, f"`show_given_code = true` but there is no {GIVEN_CODE} to show",
                               f"add hidden_tests/{tests_dir.name}/{GIVEN_CODE} (the code the learner's module "
                               "runs in), or remove the line", line=line)
        return _text_or_empty(given), ""
    before, after = (tests_dir / SCRIPT_SETUP, tests_dir / SCRIPT_TRAILING)
    if not before.is_file() and not after.is_file():
        raise ProblemError(meta_path, f"`show_given_code = true` but there is no {SCRIPT_SETUP} or {SCRIPT_TRAILING} "
                           "to show", f"add hidden_tests/{tests_dir.name}/{SCRIPT_SETUP}, or remove the line",
                           line=line)
    return _text_or_empty(before), _text_or_empty(after)


def _text_or_empty(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip("\n") if path.is_file() else ""


def load_problem(trees: ProblemTrees, slug: str) -> Problem:
    """Read one problem's files. Raises ProblemError for the first thing that is missing or unreadable."""
    folder = trees.exercise / slug
    meta_path = folder / "problem.toml"
    meta = read_metadata(meta_path)
    text = meta_path.read_text(encoding="utf-8")
    values = parse_metadata(meta, meta_path, lambda key: key_line(text, key))
    if values["solution_after_hints"] and not values["hints"]:
        raise ProblemError(meta_path, "`solution_after_hints = true` but the problem has no hints",
                           "add `hints = [...]`, or use `show_solution = true` to offer the solution at once",
                           line=key_line(text, "solution_after_hints"))
    tests_dir = trees.hidden_tests / slug
    given_before, given_after = given_code(values, tests_dir, meta_path, key_line(text, "show_given_code"))
    files = hidden_files(tests_dir) if tests_dir.is_dir() else ()
    test_files = tuple(p for p in files if p.name.startswith("test_") and p.suffix == ".py")
    if not test_files:
        raise ProblemError(tests_dir, "no hidden tests", f"add {tests_dir}/test_{slug}.py with test functions that `from {slug} import ...`")
    wrong_dir = trees.solutions / slug / "wrong"
    wrong = tuple(parse_wrong_solution(p) for p in sorted(wrong_dir.glob("*.py")) if not p.name.startswith("_"))
    probes = tests_dir / "probes.py"
    function = values["function"] or slug
    reference_path = trees.solutions / slug / "reference.py"
    read_text(reference_path, "reference solution")
    return Problem(
        slug=slug,
        title=values["title"],
        kind=values["kind"],
        difficulty=values["difficulty"],
        tags=values["tags"],
        function=function,
        signature=values["signature"] or ("" if values["kind"] == "script" else f"{function}(...)"),
        time_limit=values["time_limit"],
        tolerance=values["tolerance"],
        slow_test_ms=values["slow_test_ms"],
        test_names=dict(values["tests"]),
        test_points=dict(values["points"]),
        prerequisites=values["prerequisites"],
        hints=values["hints"],
        show_solution=values["show_solution"],
        solution_after_hints=values["solution_after_hints"],
        given_before=given_before,
        given_after=given_after,
        starter_passes=values["starter_passes"],
        packages=values["packages"],
        statement=read_text(folder / "statement.md", "statement"),
        starter=read_text(folder / "starter.py", "starter stub"),
        metadata_path=meta_path,
        statement_path=folder / "statement.md",
        starter_path=folder / "starter.py",
        reference_path=reference_path,
        tests_dir=tests_dir,
        test_files=test_files,
        files=files,
        probes_path=probes if probes.is_file() else None,
        wrong=wrong,
    )
