"""`exercisekit init DIR`: a course folder of the instructor's own, with one example problem
that `check` accepts, a CI workflow that installs the tool from where the instructor got it
and publishes the site, and a short README. In an existing folder it adds what is missing
and never overwrites a file."""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import ProblemError
from ..problems.model import ProblemTrees
from .install_source import ToolSource, direct_url, tool_source
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


@dataclass
class InitResult:
    """What `init` wrote and what it left alone (both relative to the course folder)."""

    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)   # already there: never overwritten
    source: ToolSource | None = None


def toml_string(text: str) -> str:
    """`text` inside a TOML basic string: a quote or backslash must not break course.toml."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def init_course(folder: Path, title: str | None = None, source: ToolSource | None = None) -> InitResult:
    """Write a course into `folder`: every file of a new course that it lacks, and the example
    problem when it has no problem yet. `source` (default: how this exercisekit was
    installed) fills course.toml's `requirement`; a wheel it names is copied into tools/."""
    if folder.exists() and not folder.is_dir():
        raise ProblemError(folder.name, "exists and is not a folder", "name a folder, new or existing")
    source = source or tool_source(direct_url())
    title = title or folder.name.replace("_", " ").replace("-", " ").strip().capitalize() or "Exercises"
    folder.mkdir(parents=True, exist_ok=True)
    result = InitResult(source=source)
    for dest, template in FILES.items():
        if (folder / dest).exists():
            result.kept.append(dest)
            continue
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        toml = dest.suffix == ".toml"
        text = text.replace("__TITLE__", toml_string(title) if toml else title)
        text = text.replace("__REQUIREMENT__", toml_string(source.requirement) if toml else source.requirement)
        (folder / dest).parent.mkdir(parents=True, exist_ok=True)
        (folder / dest).write_text(text.replace("__VERSION__", __version__), encoding="utf-8")
        result.created.append(dest)
    if source.wheel is not None:
        copy = folder / source.requirement
        if copy.exists():
            result.kept.append(Path(source.requirement))
        else:
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source.wheel, copy)
            result.created.append(Path(source.requirement))
    if not ProblemTrees(folder).slugs():
        result.created += new_problem(folder, EXAMPLE)
    return result
