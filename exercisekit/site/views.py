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
