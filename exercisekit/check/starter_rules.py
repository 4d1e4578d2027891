"""What `check` warns about in a starter, the first code a learner sees: imports the problem
needs that it lacks (the first run would be a NameError repeated by every test and plot), and
lines too wide for the editor (they wrap, and a wrapped line is easy to retype wrongly)."""
from __future__ import annotations

import ast
from pathlib import Path

from ..errors import ProblemError
from ..problems.model import Problem

# Characters a starter line may have and still fit the editor without wrapping on a laptop
# (1280 px wide; tests/browser/test_code_beside_results.py measures it).
STARTER_WIDTH = 68


def module_imports(source: str) -> dict[str, str]:
    """The names a module's top-level imports bind, each with its import statement."""
    bound: dict[str, str] = {}
    for node in ast.parse(source).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                bound.setdefault(name, ast.unparse(ast.Import(names=[alias])) if isinstance(node, ast.Import)
                                 else ast.unparse(ast.ImportFrom(module=node.module, names=[alias], level=node.level)))
    return bound


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def missing_import_warnings(problem: Problem) -> list[ProblemError]:
    """A module the reference imports at the top that the starter does not: a learner writing
    the obvious code meets a NameError first. Names only the import, never the reference."""
    starter, reference = _read(problem.starter_path), _read(problem.reference_path)
    if starter is None or reference is None:
        return []
    try:
        have, need = module_imports(starter), module_imports(reference)
    except SyntaxError:
        return []   # a starter or reference that does not parse is an error `check` reports elsewhere
    missing = [statement for name, statement in need.items() if name not in have]
    if not missing:
        return []
    return [ProblemError(problem.starter_path, f"the starter lacks {', '.join(f'`{s}`' for s in missing)}, which "
                         "the problem needs: a learner's first run is then a NameError in every test",
                         f"begin the starter with {'; '.join(missing)}", line=1)]


def wide_line_warnings(problem: Problem) -> list[ProblemError]:
    """Starter lines longer than the editor shows without wrapping."""
    starter = _read(problem.starter_path)
    if starter is None:
        return []
    wide = [number for number, text in enumerate(starter.splitlines(), 1) if len(text) > STARTER_WIDTH]
    if not wide:
        return []
    more = f" (and {len(wide) - 1} more lines)" if len(wide) > 1 else ""
    return [ProblemError(problem.starter_path, f"a starter line is wider than {STARTER_WIDTH} characters{more}: "
                         "the editor wraps it", f"break lines at {STARTER_WIDTH} characters", line=wide[0])]


def starter_warnings(problem: Problem) -> list[ProblemError]:
    """Every warning about the starter."""
    return missing_import_warnings(problem) + wide_line_warnings(problem)
