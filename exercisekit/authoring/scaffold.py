"""`exercisekit new SLUG [--script | --example NAME]`: scaffold a complete problem that `check`
accepts at once, in one of the shapes of scaffold/ (a function by default)."""
from __future__ import annotations

from pathlib import Path

from ..errors import ProblemError
from ..problems.model import ProblemTrees
from ..problems.validate import slug_problem
from ..project import Project

TEMPLATES = Path(__file__).with_name("scaffold")
# The shapes `new` can start from (scaffold/NAME/), each a complete problem `check` accepts.
SHAPES = {
    "function": "one function (the default): the sum of squares",
    "script": "lines, not a function, with given names (new --script)",
    "data": "a script whose code reads a data file in hidden_tests/SLUG/data/",
    "class": "a class, with probes that drive it (observe)",
    "sweeps": "a function whose page plots the learner's output against the reference's",
    "points": "a function whose tests weigh differently (points per test)",
}
TREES = {"exercise": "exercise", "solutions": "solutions", "hidden_tests": "hidden_tests"}


def scaffold_files(trees: ProblemTrees, slug: str, shape: str = "function") -> dict[Path, Path]:
    """Destination file -> template file, for every file of a new problem of `shape`. The
    template's hidden_tests/test.py becomes test_SLUG.py."""
    if shape not in SHAPES:
        raise ProblemError(Path("exercise") / slug, f"no example called `{shape}`",
                           "use one of: " + ", ".join(f"{name} ({what})" for name, what in SHAPES.items()))
    root = TEMPLATES / shape
    files = {}
    for template in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        tree, *rest = template.relative_to(root).parts
        if rest == ["test.py"] and tree == "hidden_tests":
            rest = [f"test_{slug}.py"]
        files[getattr(trees, TREES[tree]) / slug / Path(*rest)] = template
    return files


def new_problem(project: Project | Path, slug: str, shape: str = "function") -> list[Path]:
    """Create the files of problem `slug`, of `shape` (SHAPES), in the project (or the course
    folder); refuse a slug that exists or is not a module name, and an unknown shape.
    Returns the files, relative to the project."""
    project = Project.at(project)
    reason = slug_problem(slug)
    if reason:
        raise ProblemError(Path("exercise") / slug, f"slug `{slug}` {reason}",
                           "pick a name like `softmax_cross_entropy`")
    trees = ProblemTrees(project.root)
    clash = [s for s in trees.slugs() if s.casefold() == slug.casefold()]
    if clash:
        raise ProblemError(Path("exercise") / clash[0], f"a problem called `{clash[0]}` already exists",
                           "pick another slug, or edit the existing problem")
    title = slug.replace("_", " ").capitalize()
    created = []
    for dest, template in scaffold_files(trees, slug, shape).items():
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = template.read_text(encoding="utf-8").replace("__SLUG__", slug).replace("__TITLE__", title)
        dest.write_text(text, encoding="utf-8")
        created.append(project.relative(dest))
    return created
