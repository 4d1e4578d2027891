"""course.toml: the course's title, its base URL, its tracks (named, ordered problem lists),
and its intro and footer texts (Markdown with math).

The tracks set the course's order (site/views.py, course_order). The file is optional;
without it the course is one path ordered by prerequisites. Unknown
keys are errors naming the nearest valid key, as in problem.toml.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ProblemError

COURSE_FILE = "course.toml"
KEYS = {
    "title": "the course title, on the index page and in its <title>",
    "base_url": "the address the site is published at, e.g. https://me.github.io/course/",
    "tracks": 'named ordered lists of problems: [tracks] then `"Track name" = ["slug", ...]`',
    "intro": "Markdown (math allowed) under the course title on the index, e.g. intro = \"\"\"...\"\"\"",
    "footer": "Markdown at the foot of every page: the licence, a contact",
    "requirement": "how CI installs exercisekit, a pip requirement: exercisekit==X.Y.Z (the default), "
                   "exercisekit @ git+https://..., or ./tools/NAME.whl",
    "pyodide_packages": "where Pyodide's own package files come from: `sources`, `folder`, `release_url` "
                        "(read by exercisekit/assets/pyodide_packages.py)",
}
TEXT_KEYS = ("intro", "footer")
KEY_LINE = re.compile(r"\s*(\w+)\s*=(.*)$")
DEFAULT_TITLE = "Problems"


@dataclass(frozen=True)
class Course:
    title: str = DEFAULT_TITLE
    base_url: str | None = None
    tracks: tuple[tuple[str, tuple[str, ...]], ...] = ()   # (name, slugs) in the file's order
    intro: str = ""        # Markdown; "" keeps the index's neutral sentence
    footer: str = ""       # Markdown; "" writes no footer
    text_lines: tuple[tuple[str, int], ...] = ()   # (key, line in course.toml of the text's first line)

    def text_line(self, key: str) -> int:
        """The line of course.toml where the text of `key` (intro, footer) starts; 1 if unknown."""
        return dict(self.text_lines).get(key, 1)


def _nearest(word: str, choices, what: str) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else f"use one of the {what}: {', '.join(choices)}"


def load_course(root: Path, slugs: list[str] | None = None) -> Course:
    """The course of `root` (defaults when it has no course.toml). With `slugs`, every
    problem a track names must be one of them."""
    path = root / COURSE_FILE
    if not path.is_file():
        return Course()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProblemError(COURSE_FILE, f"is not valid TOML: {exc}", "fix the syntax at the place named") from exc
    for key in data:
        if key not in KEYS:
            raise ProblemError(COURSE_FILE, f"unknown key `{key}`", _nearest(key, KEYS, "keys"))
    for key in ("title", "base_url", "requirement", *TEXT_KEYS):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            raise ProblemError(COURSE_FILE, f"`{key}` should be a non-empty string", f"write {key} = \"...\": "
                               f"{KEYS[key]}")
    base_url = data.get("base_url")
    if base_url is not None and not base_url.startswith(("https://", "http://")):
        raise ProblemError(COURSE_FILE, f"`base_url` {base_url!r} is not an absolute http(s) address",
                           "write the full address, e.g. base_url = \"https://me.github.io/course/\"")
    tracks = data.get("tracks", {})
    if not isinstance(tracks, dict):
        raise ProblemError(COURSE_FILE, "`tracks` should be a table", f"write {KEYS['tracks']}")
    parsed = []
    for name, problems in tracks.items():
        if not (isinstance(problems, list) and problems and all(isinstance(s, str) for s in problems)):
            raise ProblemError(COURSE_FILE, f"track `{name}` should be a non-empty list of problem slugs",
                               f'write "{name}" = ["first_slug", "second_slug"]')
        if len(set(problems)) != len(problems):
            raise ProblemError(COURSE_FILE, f"track `{name}` lists a problem twice", "list each problem once")
        known = set(slugs) if slugs is not None else set(problems)   # None: slugs not known yet
        for slug in problems:
            if slug not in known:
                raise ProblemError(COURSE_FILE, f"track `{name}` names `{slug}`, which is no problem of the course",
                                   _nearest(slug, sorted(known), "problems"))
        parsed.append((name, tuple(problems)))
    return Course(data.get("title", DEFAULT_TITLE).strip(),
                  base_url.rstrip("/") + "/" if base_url else None, tuple(parsed),
                  data.get("intro", "").rstrip(), data.get("footer", "").rstrip(),
                  tuple(text_lines(path.read_text(encoding="utf-8"))))


def text_lines(source: str) -> list[tuple[str, int]]:
    """(key, line) of where each text key's value starts in course.toml: the key's line, or
    the next one for a multi-line string opened at the end of it (TOML drops that newline)."""
    found = []
    for number, line in enumerate(source.splitlines(), 1):
        match = KEY_LINE.match(line)
        if match and match.group(1) in TEXT_KEYS:
            opened_alone = match.group(2).strip() in ('"""', "'''")
            found.append((match.group(1), number + 1 if opened_alone else number))
    return found


def course_texts_html(course: Course, md=None) -> dict[str, str]:
    """The intro and footer as HTML, through the statements' pipeline (no raw HTML, math
    typeset by KaTeX); a formula KaTeX refuses is a ProblemError at its line of course.toml."""
    from .statements import render_markdown

    rendered = {}
    for key in TEXT_KEYS:
        try:
            rendered[key] = render_markdown(getattr(course, key), COURSE_FILE, md, course.text_line(key))
        except ProblemError as exc:
            if exc.line == course.text_line(key):   # a column in the text, not in the line `key = "...`
                raise ProblemError(exc.file, exc.message, exc.fix, exc.line) from exc
            raise
    return rendered
