"""Where this exercisekit was installed from, as the pip requirement a course's CI installs.

`exercisekit init` writes it into course.toml (`requirement`), and the GitHub workflow it
writes installs exactly that, so the first push builds with the tool the instructor has:

- installed from a package index (no direct_url.json): `exercisekit==VERSION`, the
  documented default;
- from a git URL (PEP 610 `vcs_info`): `exercisekit @ git+URL@COMMIT`;
- from a wheel file: the wheel is copied into the course (tools/) and the requirement is its
  path there, so it is committed with the course; from a wheel URL: that URL;
- from a local folder (a checkout, editable or not), which CI cannot reach: the default,
  with a note saying what to change.
"""
from __future__ import annotations

import importlib.metadata
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from .. import __version__

DISTRIBUTION = "exercisekit"
WHEEL_FOLDER = Path("tools")   # in the course: a wheel the workflow installs


@dataclass(frozen=True)
class ToolSource:
    """The requirement for course.toml, a wheel to copy into the course (its requirement is
    then `./tools/NAME`), and a note for the instructor when the source cannot be used by CI."""

    requirement: str
    wheel: Path | None = None
    note: str | None = None


def released(version: str = __version__) -> str:
    """The default requirement: the released version this course was made with."""
    return f"{DISTRIBUTION}=={version}"


def direct_url() -> dict | None:
    """The PEP 610 record of how this exercisekit was installed, or None (from an index).
    Run from a checkout (an editable install, or the repository on sys.path, whose
    egg-info has no record), it is a record of that local folder."""
    from ..toolhome import checkout_root

    checkout = checkout_root()
    if checkout is not None:
        return {"url": checkout.as_uri(), "dir_info": {"editable": True}}
    try:
        text = importlib.metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        return None
    return json.loads(text) if text else None


def tool_source(record: dict | None, version: str = __version__) -> ToolSource:
    """The ToolSource for an install record (`direct_url()`); see the module's docstring."""
    if not record:
        return ToolSource(released(version))
    url = record.get("url", "")
    local = url.startswith("file:")
    if "vcs_info" in record and not local:
        vcs = record["vcs_info"]
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        return ToolSource(f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}" + (f"@{commit}" if commit else ""))
    if "archive_info" in record:
        if not local:
            return ToolSource(f"{DISTRIBUTION} @ {url}")
        path = Path(unquote(urlparse(url).path))
        if path.suffix == ".whl" and path.is_file():
            return ToolSource(f"./{(WHEEL_FOLDER / path.name).as_posix()}", wheel=path)
    return ToolSource(released(version), note=(
        f"this exercisekit runs from {unquote(urlparse(url).path) or url}, which the course's CI cannot reach; "
        f"course.toml's `requirement` is set to the released `{released(version)}`: if that is not on PyPI, "
        "set it to a git URL (exercisekit @ git+https://...) or build a wheel (python -m build), commit it "
        "under tools/ and write requirement = \"./tools/NAME.whl\""))
