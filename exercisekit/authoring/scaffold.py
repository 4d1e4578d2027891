"""`build_site.py new SLUG`: scaffold a complete problem that `check` accepts at once."""
from __future__ import annotations

from pathlib import Path

from ..errors import ProblemError
from ..problems.model import ProblemTrees
from ..problems.validate import slug_problem
from ..project import Project

TEMPLATES = Path(__file__).with_name("scaffold")


def scaffold_files(trees: ProblemTrees, slug: str) -> dict[Path, Path]:
    """Destination file -> template file, for every file of a new problem."""
    return {
        trees.exercise / slug / "problem.toml": TEMPLATES / "exercise" / "problem.toml",
        trees.exercise / slug / "statement.md": TEMPLATES / "exercise" / "statement.md",
        trees.exercise / slug / "starter.py": TEMPLATES / "exercise" / "starter.py",
        trees.solutions / slug / "reference.py": TEMPLATES / "solutions" / "reference.py",
        trees.solutions / slug / "wrong" / "mean_instead_of_sum.py":
            TEMPLATES / "solutions" / "wrong" / "mean_instead_of_sum.py",
        trees.hidden_tests / slug / f"test_{slug}.py": TEMPLATES / "hidden_tests" / "test.py",
        trees.hidden_tests / slug / "probes.py": TEMPLATES / "hidden_tests" / "probes.py",
    }


def new_problem(project: Project | Path, slug: str) -> list[Path]:
    """Create the files of problem `slug` in the project (or the course folder); refuse a
    slug that exists or is not a module name. Returns the files, relative to the project."""
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
    for dest, template in scaffold_files(trees, slug).items():
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = template.read_text(encoding="utf-8").replace("__SLUG__", slug).replace("__TITLE__", title)
        dest.write_text(text, encoding="utf-8")
        created.append(project.relative(dest))
    return created
