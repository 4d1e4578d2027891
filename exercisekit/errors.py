"""The one error type of the project: what went wrong, in which file and line, and the fix."""
from __future__ import annotations

import os
import re
from pathlib import Path


class ProblemError(Exception):
    """A problem (or a build input) is wrong in a way its author can fix.

    `file` is the file at fault: an absolute path, or one relative to the course folder
    for a file named by its place (course.toml); `line` and `column` are 1-based or None,
    `fix` says what to do about it. Where it is printed, Project.shown writes the paths of
    the course relative to its folder, in the message and fix too.
    """

    def __init__(self, file: Path | str, message: str, fix: str, line: int | None = None,
                 column: int | None = None):
        self.file = Path(file)
        self.message = message
        self.fix = fix
        self.line = line
        self.column = column
        super().__init__(str(self))

    def location(self) -> str:
        """`file:line:column` as the author reads it: a file under the working folder (a
        runtime file in node_modules, say) is shown relative to it, never as an absolute path."""
        shown = self.file
        if shown.is_absolute():
            try:
                shown = shown.relative_to(Path.cwd())
            except ValueError:   # outside the folder (the tool's own cache): only its full path names it
                pass
        if not self.line:
            return str(shown)
        return f"{shown}:{self.line}:{self.column}" if self.column else f"{shown}:{self.line}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}\n    fix: {self.fix}"


# A line that names an error: Python's `ValueError: ...`, Node's `Error [ERR_X]: ...`.
ERROR_LINE = re.compile(r"^\s*(?:[A-Za-z_][\w.]*)?(?:Error|Exception|Exit)\b(?: \[[A-Z_]+\])?:\s*\S")


def without_root(text: str, *roots: Path) -> str:
    """`text` with the absolute paths under each root (plain or as file:// URLs) written
    relative to it: errors name files as the author sees them in their folder."""
    for root in roots:
        resolved = Path(root).resolve()
        for prefix in {resolved.as_uri() + "/", str(resolved) + os.sep, str(root) + os.sep}:
            if Path(prefix.removeprefix("file://")).is_absolute():
                text = text.replace(prefix, "")
    return text


def root_cause(output: str) -> str | None:
    """The line of a failed process's error output that says why it failed: the last that
    names an error (the end of Python's traceback; Node's report of an uncaught error, after
    the source excerpt), or None when none does."""
    named = [line.strip() for line in output.splitlines() if ERROR_LINE.match(line)]
    return named[-1] if named else None
