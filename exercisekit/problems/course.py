"""course.toml: the course's title, its base URL and its tracks (named, ordered problem lists).

The file is optional; without it the index is one path ordered by prerequisites. Unknown
keys are errors naming the nearest valid key, as in problem.toml.
"""
from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ProblemError

COURSE_FILE = "course.toml"
KEYS = {
    "title": "the course title, on the index page and in its <title>",
    "base_url": "the address the site is published at, e.g. https://me.github.io/course/",
    "tracks": 'named ordered lists of problems: [tracks] then `"Track name" = ["slug", ...]`',
    "pyodide_packages": "where Pyodide's own package files come from: `sources`, `folder`, `release_url` "
                        "(read by exercisekit/assets/pyodide_packages.py)",
}
DEFAULT_TITLE = "Problems"


@dataclass(frozen=True)
class Course:
    title: str = DEFAULT_TITLE
    base_url: str | None = None
    tracks: tuple[tuple[str, tuple[str, ...]], ...] = ()   # (name, slugs) in the file's order


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
    for key in ("title", "base_url"):
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
                  base_url.rstrip("/") + "/" if base_url else None, tuple(parsed))
