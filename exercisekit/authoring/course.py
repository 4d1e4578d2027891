"""`exercisekit init DIR`: a new course folder of the instructor's own, with one example
problem that `check` accepts, a CI workflow that publishes it, and a short README."""
from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..errors import ProblemError
from .scaffold import new_problem

TEMPLATES = Path(__file__).with_name("course_template")
EXAMPLE = "sum_of_squares"   # the scaffold's problem is the sum of squares of a vector
# Destination in the course -> template file (dotfiles are stored without their dot, so
# packaging tools that skip hidden files still carry them).
FILES = {
    Path("course.toml"): "course.toml",
    Path("README.md"): "README.md",
    Path(".gitignore"): "gitignore",
    Path(".github/workflows/site.yml"): "site.yml",
}


def init_course(folder: Path, title: str | None = None) -> list[Path]:
    """Write a course into `folder` (absent or empty); return the files created, relative to it."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ProblemError(folder.name, "exists and is not an empty folder",
                           "name a new folder, or run `exercisekit new SLUG` inside an existing course")
    title = title or folder.name.replace("_", " ").replace("-", " ").strip().capitalize() or "Exercises"
    # A title with a quote or backslash must not break course.toml's TOML string.
    toml_title = title.replace("\\", "\\\\").replace('"', '\\"')
    folder.mkdir(parents=True, exist_ok=True)
    created = []
    for dest, template in FILES.items():
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        text = text.replace("__TITLE__", toml_title if dest.suffix == ".toml" else title)
        (folder / dest).parent.mkdir(parents=True, exist_ok=True)
        (folder / dest).write_text(text.replace("__VERSION__", __version__), encoding="utf-8")
        created.append(dest)
    return created + new_problem(folder, EXAMPLE)
