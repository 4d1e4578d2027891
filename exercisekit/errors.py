"""The one error type of the project: what went wrong, in which file and line, and the fix."""
from __future__ import annotations

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
        if not self.line:
            return str(self.file)
        return f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}\n    fix: {self.fix}"
