"""Static checks of a problem's files: everything that can be told without running a test."""
from __future__ import annotations

import ast
import difflib
import keyword
import re
import sys
from pathlib import Path

from ..errors import ProblemError
from ..project import Project
from ..runtime.runner import SCRIPT_SETUP, SCRIPT_TRAILING, key_names
from .example import example_heading
from .model import Problem, ProblemTrees, key_line, load_problem

# A slug is also a module name in the learner's runtime; these would shadow what the tests need.
RESERVED_MODULES = frozenset(sys.stdlib_module_names) | {"numpy", "pytest", "pluggy", "iniconfig", "packaging",
                                                         "runner", "conftest", "pyodide", "js", "solutions"}
SLUG_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def starter_passes_fix(given: str, test_names: dict[str, str]) -> str:
    """The fix for a `starter_passes` entry that is no [tests] key: the key whose display
    name it is (a common slip), else the nearest key."""
    for key, name in test_names.items():
        if given.strip().casefold() == name.strip().casefold():
            return f"`{given}` is the display name of `{key}`: list the key, `starter_passes = [\"{key}\"]`"
    close = difflib.get_close_matches(given, list(test_names), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`? (list [tests] keys, not display names)"
    return "list [tests] keys only, or remove it"


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot name a problem, or None when it can."""
    if not SLUG_PATTERN.match(slug) or keyword.iskeyword(slug):
        return "is not a valid Python module name (ASCII letters, digits and _, starting with a letter)"
    if slug in RESERVED_MODULES:
        return f"would shadow the module `{slug}` that Python or the test runner needs"
    return None


def parse_python(path: Path) -> ast.Module:
    """Parse a Python file; a SyntaxError becomes a ProblemError with its line."""
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as exc:
        # Say which Python parsed it: the browser runs 3.13, and newer syntax (a 3.12 f-string)
        # is valid there but not under an older tool Python.
        here = ".".join(map(str, sys.version_info[:3]))
        older = sys.version_info[:2] < (3, 13)
        raise ProblemError(path, f"syntax error under Python {here} (the tool's own): {exc.msg}",
                           "fix the Python syntax" + ("; if it is valid Python 3.13 (what the browser runs), run the "
                                                      "tool under Python 3.13" if older else ""),
                           line=exc.lineno) from exc


ANY_NAME = "*"   # in `top_level_names`: the module has `from x import *`, so any name may exist


def _bound_by_target(target: ast.AST) -> set[str]:
    """Names an assignment target binds: `a`, `a, (b, *c)`, `[a, b]`."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_bound_by_target(t) for t in target.elts)) if target.elts else set()
    if isinstance(target, ast.Starred):
        return _bound_by_target(target.value)
    return set()


def top_level_names(tree: ast.Module) -> set[str]:
    """Names a module may define at top level, however they are bound: functions, classes,
    assignments (tuple unpacking included), imports, loop and `with` targets, `except ... as`,
    `:=`, statements inside a top-level `if`/`try`/`for`/`with`, and names functions declare
    `global`. Contains ANY_NAME when the module star-imports."""
    names: set[str] = set()
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            names.update(n for inner in ast.walk(node) if isinstance(inner, ast.Global) for n in inner.names)
            continue
        if isinstance(node, ast.Assign):
            names.update(*(_bound_by_target(t) for t in node.targets))
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            names.update(_bound_by_target(node.target))
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            names.update(_bound_by_target(node.target))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            names.update(*(_bound_by_target(item.optional_vars) for item in node.items if item.optional_vars))
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add(ANY_NAME if alias.name == "*" else (alias.asname or alias.name).split(".")[0])
        if isinstance(node, ast.Expr):
            names.update(n.target.id for n in ast.walk(node) if isinstance(n, ast.NamedExpr))
        # Statements nested in top-level control flow run at import too.
        for field in ("body", "orelse", "finalbody", "handlers"):
            pending.extend(child for child in getattr(node, field, []) if isinstance(child, ast.AST))
        if isinstance(node, ast.Match):
            pending.extend(stmt for case in node.cases for stmt in case.body)
    return names


def imported_from(tree: ast.Module, module: str) -> list[tuple[str, int]]:
    """(name, line) for every `from module import name` in a test file."""
    return [(alias.name, node.lineno) for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == module for alias in node.names]


def imports_solutions(tree: ast.Module) -> int | None:
    """The line of an import from solutions/ (tests must never see the reference), if any."""
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        if any(m == "solutions" or m.startswith("solutions.") or m == "reference" for m in modules):
            return node.lineno
    return None


def test_functions(tree: ast.Module) -> dict[str, int]:
    """Tests of a test file as pytest collects them, with their lines: top-level `test*`
    functions, and `test*` methods of `Test*` classes and of unittest.TestCase subclasses,
    named `Class::method`."""
    found = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            found[node.name] = node.lineno
        elif isinstance(node, ast.ClassDef) and (node.name.startswith("Test") or _is_test_case(node)):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test"):
                    found[f"{node.name}::{item.name}"] = item.lineno
    return found


def test_place(problem: Problem, row_id: str) -> tuple[Path, int, int | None] | None:
    """Where the test of a result row (its id: `test_f[3]`, `TestX::test_m`) is written: its
    file, the line of its `def`, and the line of its assertion when it makes exactly one.
    None when no test file defines it (or none parses)."""
    wanted = row_id.split("[", 1)[0]
    for path in problem.test_files:
        try:
            tree = parse_python(path)
        except ProblemError:
            continue
        for node in tree.body:
            methods = node.body if isinstance(node, ast.ClassDef) else [node]
            for item in methods:
                if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                name = f"{node.name}::{item.name}" if isinstance(node, ast.ClassDef) else item.name
                if name == wanted:
                    asserts = [n.lineno for n in ast.walk(item) if isinstance(n, ast.Assert)]
                    return path, item.lineno, asserts[0] if len(asserts) == 1 else None
    return None


def _is_test_case(node: ast.ClassDef) -> bool:
    return any((isinstance(base, ast.Attribute) and base.attr == "TestCase")
               or (isinstance(base, ast.Name) and base.id == "TestCase") for base in node.bases)


def covers(key: str, test: str) -> bool:
    """Does a [tests] key name this test function or method (`test`, found in the source, so
    without cases)? A key for one of its cases (`test_f[3]`) names it too."""
    return key_names(key.split("[", 1)[0], test)


def check_imports(problem: Problem, tests: dict[Path, ast.Module], code: dict[Path, ast.Module]
                  ) -> list[ProblemError]:
    """Every name the tests import from the problem module must exist in starter and reference."""
    errors = []
    for test_path, tree in tests.items():
        line = imports_solutions(tree)
        if line:
            errors.append(ProblemError(test_path, "hidden test imports from solutions/",
                                       f"import the code under test as `from {problem.slug} import ...`; "
                                       "the runner decides which file that is", line=line))
        for name, line in imported_from(tree, problem.slug):
            for code_path, code_tree in code.items():
                defined = top_level_names(code_tree)
                if name != "*" and name not in defined and ANY_NAME not in defined:
                    errors.append(ProblemError(
                        test_path,
                        f"imports `{name}` from `{problem.slug}`, but {code_path} does not define it",
                        f"define `{name}` in {code_path}, or import a name it has", line=line))
    return errors


def check_test_names(problem: Problem, tests: dict[Path, ast.Module]) -> list[ProblemError]:
    """[tests] in problem.toml and the tests must name the same tests: every key names a
    test (or a case or class of them), every test has a display name."""
    found: dict[str, tuple[Path, int]] = {}
    for path, tree in tests.items():
        for name, line in test_functions(tree).items():
            found[name] = (path, line)
    meta = problem.metadata_path
    errors = [ProblemError(meta, f"[tests] names `{key}`, but no hidden test has that name",
                           f"use a test function, `Class::method`, a class or one case `test_f[id]` from "
                           f"{problem.tests_dir}, or remove it")
              for key in problem.test_names if not any(covers(key, test) for test in found)]
    errors += [ProblemError(meta, f"`starter_passes` names `{key}`, which is not a key of [tests]",
                            starter_passes_fix(key, problem.test_names),
                            line=key_line(meta.read_text(encoding="utf-8"), "starter_passes"))
               for key in problem.starter_passes if key not in problem.test_names]
    errors += [ProblemError(path, f"test `{name}` has no display name",
                            f'add `"{name}" = "What the learner reads"` under [tests] in {meta}', line=line)
               for name, (path, line) in found.items() if not any(covers(key, name) for key in problem.test_names)]
    return errors


def check_statement(problem: Problem) -> list[ProblemError]:
    """A statement needs a title (in problem.toml) and a worked example."""
    errors = []
    if not problem.title.strip():
        errors.append(ProblemError(problem.metadata_path, "the title is empty",
                                   'write `title = "What the problem is called"`'))
    if example_heading(problem.statement) is None:   # problems/example.py: as Try it and check read it
        errors.append(ProblemError(problem.statement_path, "the statement has no example",
                                   "add a `## Example` section with an input and the expected output"))
    return errors


def script_parts(problem: Problem) -> list[Path]:
    """A script problem's hidden setup and trailing code, those that exist."""
    return [p for p in (problem.tests_dir / SCRIPT_SETUP, problem.tests_dir / SCRIPT_TRAILING) if p.is_file()]


ABSOLUTE_PATH = re.compile(r"^(/|~|[A-Za-z]:[\\/])")


def opened_names(tree: ast.Module) -> list[tuple[str, int]]:
    """(text, line) of every string literal passed straight to a call: `open("x.csv")`,
    `np.loadtxt("/home/me/x.csv", ...)`, `Path("x.csv")`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for arg in [*node.args, *(kw.value for kw in node.keywords)]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.strip():
                    found.append((arg.value, arg.lineno))
    return found


def data_path_errors(problem: Problem, code: dict[Path, ast.Module]) -> list[ProblemError]:
    """A solution or starter that opens a data file where the learner's code cannot: by an
    absolute path (it exists on the author's machine only), or by the plain name of a file
    that sits in hidden_tests/SLUG/, one folder above data/ (only data/ is beside the code)."""
    data_dir = problem.tests_dir / "data"
    shipped = {p.relative_to(data_dir).as_posix() for p in problem.files if p.is_relative_to(data_dir)}
    above = {p.name for p in problem.files if p.parent == problem.tests_dir and p.suffix != ".py"}
    errors = []
    for path, tree in code.items():
        for text, line in opened_names(tree):
            name = text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
            if ABSOLUTE_PATH.match(text) and (name in shipped or name in above or "hidden_tests" in text):
                errors.append(ProblemError(path, f"opens `{text}` by an absolute path, which exists on your machine "
                                                 "only, not in Pyodide or the learner's browser",
                                           f"open it by its plain name, \"{name}\": each run's working folder holds "
                                           f"the files of {data_dir}", line=line))
            elif text in above and text not in shipped:
                errors.append(ProblemError(path, f"opens `{text}`, which is in {problem.tests_dir}, one folder above "
                                                 "data/: the code under test sees only the files of data/",
                                           f"move it to {data_dir / text} (tests then open it as "
                                           f"Path(__file__).parent / \"data\" / \"{text}\")", line=line))
    return errors


def validate_problem(problem: Problem) -> list[ProblemError]:
    """Static errors of one loaded problem (syntax, imports, test names). Empty when clean.

    A script problem's starter may be anything (a fill-in-the-blank line that does not parse
    gives the learner a SyntaxError at its line as a first result); the names its tests import
    must come from the reference or the setup code, and it has no function to probe."""
    script = problem.kind == "script"
    errors: list[ProblemError] = check_statement(problem)
    trees: dict[Path, ast.Module] = {}
    extra = [problem.probes_path] if problem.probes_path else []
    code_paths = [problem.reference_path] if script else [problem.starter_path, problem.reference_path]
    for path in [*code_paths, *problem.test_files, *extra, *(script_parts(problem) if script else []),
                 *(w.path for w in problem.wrong)]:
        try:
            trees[path] = parse_python(path)
        except ProblemError as exc:
            errors.append(exc)
    if script and problem.probes_path:
        errors.append(ProblemError(problem.probes_path, "a script problem has no function to probe",
                                   "remove probes.py, or make the problem `kind = \"function\"`"))
    if errors:
        return errors
    solutions = [problem.reference_path, *(w.path for w in problem.wrong)] + ([] if script else [problem.starter_path])
    errors += data_path_errors(problem, {p: trees[p] for p in solutions})
    tests = {p: trees[p] for p in problem.test_files}
    if script:
        # What the tests import comes from the setup, the learner's lines or the trailing code.
        given = ast.Module(body=[stmt for p in script_parts(problem) for stmt in trees[p].body], type_ignores=[])
        reference = ast.Module(body=given.body + trees[problem.reference_path].body, type_ignores=[])
        errors += check_imports(problem, tests, {problem.reference_path: reference})
        errors += check_test_names(problem, tests)
        return errors
    code = {p: trees[p] for p in (problem.starter_path, problem.reference_path)}
    errors += check_imports(problem, tests, code)
    errors += check_test_names(problem, tests)
    for what, path in (("starter", problem.starter_path), ("reference", problem.reference_path)):
        defined = top_level_names(trees[path])
        if problem.function not in defined and ANY_NAME not in defined:
            errors.append(ProblemError(path, f"the {what} does not define `{problem.function}`",
                                       f"define `def {problem.function}(...)` or fix `function` in problem.toml"))
    return errors


def check_problem_set(problems: list[Problem], known: set[str]) -> dict[str, list[ProblemError]]:
    """Errors across problems, by slug: duplicate slugs and unknown prerequisites."""
    errors: dict[str, list[ProblemError]] = {}
    seen: dict[str, Problem] = {}
    for problem in problems:
        key = problem.slug.casefold()
        if key in seen:
            errors.setdefault(problem.slug, []).append(ProblemError(
                problem.metadata_path.parent,
                f"duplicate slug: `{problem.slug}` clashes with `{seen[key].slug}` "
                "(URLs and case-insensitive file systems cannot tell them apart)",
                "rename one of the two problem folders in exercise/, solutions/ and hidden_tests/"))
        seen.setdefault(key, problem)
    for problem in problems:
        for prereq in problem.prerequisites:
            if prereq not in known:
                errors.setdefault(problem.slug, []).append(ProblemError(problem.metadata_path,
                                           f"prerequisite `{prereq}` is not a problem",
                                           "name an existing problem folder, or remove it from `prerequisites`"))
    return errors


def load_all(project: Project | Path, only: list[str] | None = None
             ) -> tuple[list[Problem], dict[str, list[ProblemError]]]:
    """Load and statically validate every problem (or those in `only`) of the project (or
    the course folder).

    Returns the problems that are clean so far, and for each broken slug its errors.
    """
    trees = ProblemTrees(Project.at(project).root)
    known = trees.slugs()
    failures: dict[str, list[ProblemError]] = {}
    for slug in only or []:
        if slug not in known:
            failures[slug] = [ProblemError(Path("exercise") / slug, f"no problem called `{slug}`",
                                           f"run `python build_site.py new {slug}` or pick one of: {', '.join(known)}")]
    problems = []
    for slug in (s for s in known if not only or s in only):
        reason = slug_problem(slug)
        if reason:
            failures[slug] = [ProblemError(Path("exercise") / slug, f"slug `{slug}` {reason}",
                                           "rename the folder in exercise/, solutions/ and hidden_tests/")]
            continue
        try:
            problem = load_problem(trees, slug)
        except ProblemError as exc:
            failures[slug] = [exc]
            continue
        errors = validate_problem(problem)
        if errors:
            failures[slug] = errors
        else:
            problems.append(problem)
    for slug, errors in check_problem_set(problems, set(known)).items():
        failures.setdefault(slug, []).extend(errors)
    return [p for p in problems if p.slug not in failures], failures
