"""The course a command works on, and where the tool keeps what it derives from it.

The command line makes one Project and passes it down; every cache location is a property
here, so no module computes one of its own. Errors name files by their absolute paths;
`shown` makes them relative to the course folder once, where they are printed.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .errors import ProblemError
from .toolhome import tool_root

Error = TypeVar("Error", bound=ProblemError)


@dataclass(frozen=True)
class Project:
    """A course folder (exercise/, solutions/, hidden_tests/, course.toml) and its caches.

    `tool_home` is the folder with web/, vendor.toml and node_modules; None (the default)
    looks it up (toolhome.tool_root) when first needed, so commands that never use it
    (`new`) never set one up. `vendor_dir` overrides where the vendored runtime is cached.
    """

    root: Path
    tool_home: Path | None = None
    vendor_dir: Path | None = None

    @classmethod
    def at(cls, root: Project | Path) -> Project:
        """`root` itself if it is a Project, else the Project of that folder: entry points
        called with a folder (by tests, by `init`) accept either."""
        return root if isinstance(root, Project) else cls(Path(root).resolve())

    @property
    def tool(self) -> Path:
        """The tool home: web/, vendor.toml, package*.json and node_modules."""
        return self.tool_home if self.tool_home is not None else tool_root()

    @property
    def cache(self) -> Path:
        """The course's own cache folder (.cache/): results and downloads, never published."""
        return self.root / ".cache"

    @property
    def check_cache(self) -> Path:
        """Where `check` keeps the reports of problems that passed (check/cache.py)."""
        return self.cache / "check"

    @property
    def packages_cache(self) -> Path:
        """Where the wheels of the problems' extra packages are downloaded (assets/packages.py)."""
        return self.cache / "packages"

    @property
    def preview_dir(self) -> Path:
        """The live preview's own site folder: never site/, which holds what `build` made."""
        return self.cache / "preview" / "site"

    @property
    def vendor_cache(self) -> Path:
        """The verified downloads of the browser runtime (assets/vendor.py), in the tool home."""
        return self.vendor_dir if self.vendor_dir is not None else self.tool / ".cache" / "vendor"

    @property
    def compiled(self) -> Path:
        """The runtime with bytecode, one folder per runtime key (vendor.runtime_files)."""
        return self.vendor_cache / "compiled"

    def relative(self, path: Path) -> Path:
        """`path` relative to the course folder when it lies inside it; otherwise (the folder
        itself, the tool home elsewhere, a path already relative) as it is."""
        path = Path(path)
        if path.is_absolute() and path != self.root and path.is_relative_to(self.root):
            return path.relative_to(self.root)
        return path

    def shown_text(self, text: str) -> str:
        """`text` with every path inside the course folder written relative to it."""
        return text.replace(f"{self.root}{os.sep}", "")

    def shown(self, error: Error) -> Error:
        """`error` as its reader sees it: its file, and the paths its message and fix name,
        relative to the course folder."""
        return type(error)(self.relative(error.file), self.shown_text(error.message), self.shown_text(error.fix),
                           line=error.line, column=error.column)
