"""What the templates see: a problem with its rendered statement and URLs, and the
order of the learning path."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..problems.course import Course
from ..problems.model import Problem
from ..problems.statements import example_snippet

DIFFICULTY_RANK = {"Easy": 0, "Medium": 1, "Hard": 2}


@dataclass(frozen=True)
class PrerequisiteLink:
    title: str
    url: str | None   # None when the prerequisite is not on this site


DATA_PREVIEW_LINES = 5
DATA_PREVIEW_WIDTH = 160


@dataclass(frozen=True)
class DataFile:
    """A file the learner's code opens (hidden_tests/SLUG/data/), as the page shows it: its
    name there, its size, and the first lines of a text file (empty for a binary one)."""

    name: str
    size: int
    head: tuple[str, ...]
    more: bool   # the file has lines past `head`

    @property
    def size_text(self) -> str:
        return f"{self.size} bytes" if self.size < 10_000 else f"{self.size / 1000:.0f} kB"


def data_files(problem: Problem) -> list[DataFile]:
    """The files of the problem's data/ folder, for the page, sorted by name."""
    folder = problem.tests_dir / "data"
    shown = []
    for path in sorted(p for p in problem.files if p.is_relative_to(folder)):
        raw = path.read_bytes()
        try:
            lines = [] if b"\0" in raw else raw.decode("utf-8").splitlines()
        except UnicodeDecodeError:
            lines = []
        head = tuple(line[:DATA_PREVIEW_WIDTH] for line in lines[:DATA_PREVIEW_LINES])
        shown.append(DataFile(path.relative_to(folder).as_posix(), len(raw), head, len(lines) > len(head)))
    return shown


@dataclass(frozen=True)
class ProblemView:
    """A problem as the templates see it: its fields, plus its rendered statement and URLs."""

    problem: Problem
    statement_html: str
    prerequisite_links: tuple[PrerequisiteLink, ...] = ()
    hints_html: tuple[str, ...] = ()   # each hint rendered (statements.render_hints)

    @property
    def try_snippet(self) -> str:
        return example_snippet(self.problem)

    def __getattr__(self, name: str):
        return getattr(self.problem, name)

    @property
    def url(self) -> str:
        return f"{self.problem.slug}.html"

    @property
    def data_url(self) -> str:
        return f"data/{self.problem.slug}.json"

    @property
    def display_names(self) -> list[str]:
        """The hidden tests' names as learners see them, in order."""
        return list(self.problem.test_names.values())

    @property
    def data_files(self) -> list[DataFile]:
        return data_files(self.problem)

    @property
    def test_list(self) -> list[tuple[str, float | None]]:
        """(display name, points) of each hidden test, in order; points are None when the
        author weights no test (every test is worth 1), so the page shows none."""
        points = self.problem.test_points
        weighted = any(value != 1 for value in points.values())
        return [(name, points.get(key, 1.0) if weighted else None) for key, name in self.problem.test_names.items()]


def path_order(problems: list[Problem]) -> list[Problem]:
    """Problems ordered as a learning path: prerequisites first, then easier, then by slug."""
    remaining = {p.slug: p for p in problems}
    done: set[str] = set()
    ordered: list[Problem] = []
    while remaining:
        ready = [p for p in remaining.values() if all(d in done or d not in remaining and d not in
                                                       {q.slug for q in problems} for d in p.prerequisites)]
        # A cycle leaves nothing ready; fall back to the easiest so every problem is still listed.
        pick = min(ready or remaining.values(), key=lambda p: (DIFFICULTY_RANK[p.difficulty], p.slug))
        ordered.append(pick)
        done.add(pick.slug)
        del remaining[pick.slug]
    return ordered


def course_order(problems: list[Problem], course: Course) -> list[Problem]:
    """The one order of the course, which the index, the pager, *Next* and the SCORM
    organisation all follow: each track of course.toml in the file's order (a problem on
    two tracks comes where it first appears), then the problems on no track in path order.
    Prerequisites do not reorder tracks: the instructor's order wins, and the page shows
    the prerequisites as links."""
    by_slug = {p.slug: p for p in problems}
    placed: dict[str, Problem] = {}   # insertion-ordered: the first appearance counts
    for _, slugs in course.tracks:
        placed.update((s, by_slug[s]) for s in slugs if s in by_slug and s not in placed)
    return list(placed.values()) + path_order([p for p in problems if p.slug not in placed])


def template_environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
