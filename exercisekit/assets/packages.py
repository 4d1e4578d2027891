"""Extra packages a problem asks for (`packages = ["scikit-learn", "NAME==VERSION"]`).

A package of the vendored Pyodide's lock (scipy, scikit-learn, pandas, ...), named bare or
pinned to the lock's version, is Pyodide's own build: pyodide_packages.py resolves it
through the lock and verifies every file against the lock's SHA-256. Any other package
must be pure Python and pinned, `NAME==VERSION`: it is resolved with pip, the ordinary client, asking for platform-independent wheels only
(`py3-none-any`), together with its dependencies; numpy, pytest and what pytest needs come
from the vendored runtime instead. Every wheel is pinned by SHA-256 in `packages.lock.json`,
which the first check of a new requirement writes and every later one verifies. The
wheels go on `sys.path` for `check`'s CPython leg, into Pyodide for its Node leg, and
into the site for the pages of the problems that ask for them.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from ..errors import ProblemError
from ..project import Project
from . import pyodide_packages
from .vendor import PinnedWheel, pinned_file, read_manifest, sha256_of

LOCK_FILE = "packages.lock.json"
BARE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*$")
PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([0-9][A-Za-z0-9.+!_-]*)\s*$")
# Pyodide 0.28's environment, for the markers of dependencies ("; python_version < '3.12'").
PYODIDE_MARKERS = {"python_version": "3.13", "python_full_version": "3.13.2", "sys_platform": "emscripten",
                   "platform_system": "Emscripten", "platform_machine": "wasm32", "os_name": "posix",
                   "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}
PIP_PURE = ["--no-deps", "--only-binary=:all:", "--platform", "any", "--python-version", "3.13",
            "--implementation", "py", "--abi", "none"]


class PackageError(ProblemError):
    """A requirement cannot be resolved, downloaded or verified."""


def parse_pin(requirement: str, where: Path) -> tuple[str, str]:
    """NAME==VERSION -> (canonical name, version); anything looser is an error."""
    match = PIN.match(requirement)
    if not match:
        raise PackageError(where, f"package `{requirement}` is not pinned to one version, and Pyodide's lock "
                                  "does not have it",
                           'write `packages = ["NAME==VERSION"]` for a pure-Python package from PyPI, e.g. '
                           '"tabulate==0.9.0", or the bare name of a package of Pyodide\'s lock, e.g. "scipy"')
    return canonicalize_name(match.group(1)), match.group(2)


def provided(project: Project) -> dict[str, str]:
    """Packages the runtime itself brings (numpy, pytest and its dependencies): name -> version."""
    return {canonicalize_name(w.name): w.version for w in read_manifest(project).wheels}


def _download_one(spec: str, where: Path) -> Path:
    """Download the best pure wheel for `spec` into a new temporary folder; return it (the
    caller moves it away; the folder is left for the system's temporary-file cleanup)."""
    dest = Path(tempfile.mkdtemp(prefix="package-"))
    done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", *PIP_PURE, "--dest", str(dest), spec],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        if "No matching distribution" in done.stderr or "Could not find a version" in done.stderr:
            raise PackageError(where, f"`{spec}` has no pure-Python wheel on PyPI: it contains compiled code (or "
                                      "ships only as source), and there is no Pyodide build of it in Pyodide's lock",
                               "choose a pure-Python package (one with a py3-none-any wheel), or write the "
                               "code it would provide into a helper module in hidden_tests/SLUG/")
        raise PackageError(where, f"pip could not download `{spec}`:\n{done.stderr.strip()[-1500:]}",
                           "check the name and version on PyPI and that the registry is reachable")
    wheels = [p for p in dest.iterdir() if p.name.endswith("-none-any.whl")]
    if len(wheels) != 1:
        raise PackageError(where, f"`{spec}` did not give one pure-Python wheel", "choose a pure-Python package")
    return wheels[0]


def _requirements_of(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = HeaderParser().parsestr(archive.read(name).decode("utf-8"))
    found = []
    for line in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(PYODIDE_MARKERS):
            found.append(requirement)
    return found


def resolve(requirement: str, project: Project, where: Path) -> list[PinnedWheel]:
    """The wheels `requirement` needs in the browser, its dependencies included, downloaded
    into the cache. Dependencies the runtime provides must accept its versions."""
    runtime = provided(project)
    name, version = parse_pin(requirement, where)
    cache = project.packages_cache
    cache.mkdir(parents=True, exist_ok=True)
    wanted, done, wheels = [f"{name}=={version}"], set(), []
    while wanted:
        spec = wanted.pop(0)
        target = cache / (wheel := _download_one(spec, where)).name
        shutil.move(wheel, target)
        file_name, version_found = target.name.split("-")[:2]
        done.add(canonicalize_name(file_name))
        wheels.append(PinnedWheel(canonicalize_name(file_name), version_found, target.name, sha256_of(target)))
        for dependency in _requirements_of(target):
            dep = canonicalize_name(dependency.name)
            if dep in runtime:
                if not dependency.specifier.contains(Version(runtime[dep]), prereleases=True):
                    raise PackageError(where, f"`{requirement}` needs {dependency}, but the browser runs "
                                              f"{dep} {runtime[dep]}", "choose a version that works with it")
            elif dep not in done and not any(canonicalize_name(Requirement(w).name) == dep for w in wanted):
                wanted.append(str(dependency.name) + str(dependency.specifier))
    return wheels


def read_lock(project: Project) -> dict:
    path = project.root / LOCK_FILE
    if not path.is_file():
        return {"requirements": {}, "wheels": {}}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise PackageError(Path(LOCK_FILE), f"unreadable lock file: {exc}",
                           "restore it from version control, or delete it to resolve every package again") from exc


def write_lock(project: Project, lock: dict) -> None:
    """Written beside its final name and renamed: a reader never sees half a lock file."""
    path = project.root / LOCK_FILE
    partial = path.with_name(f"{path.name}.part-{os.getpid()}")
    partial.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, path)


def from_pyodide_lock(requirement: str, lock: pyodide_packages.PyodideLock, where: Path) -> str | None:
    """The lock's name for `requirement` when Pyodide's own build serves it, else None (a
    pure-Python package from PyPI). A bare name must be in the lock; `NAME==VERSION` of a
    compiled package of the lock must be the lock's version (no other build can load)."""
    bare = BARE.match(requirement)
    if bare:
        name = canonicalize_name(bare.group(1))
        if name not in lock.packages:
            raise pyodide_packages.missing_from_lock(name, lock, where)
        return name
    match = PIN.match(requirement)
    entry = lock.packages.get(canonicalize_name(match.group(1))) if match else None
    if match is None or entry is None or entry.pure:
        return None
    if match.group(2) != entry.version:
        raise PackageError(where, f"`{requirement}`: Pyodide {lock.version}'s lock has {entry.name} "
                                  f"{entry.version}, the only build of it the browser can load",
                           f'write "{entry.name}" (or "{entry.name}=={entry.version}")')
    return entry.name


def split_requirements(project: Project, requirements: tuple[str, ...], where: Path
                       ) -> tuple[list[str], tuple[str, ...]]:
    """(Names served by Pyodide's lock, requirements served by PyPI as pure wheels)."""
    if not requirements:
        return [], ()
    lock = pyodide_packages.read_lock(project)
    routed = [(r, from_pyodide_lock(r, lock, where)) for r in requirements]
    return [name for _, name in routed if name], tuple(r for r, name in routed if name is None)


def pyodide_files(project: Project, names: list[str], where: Path) -> list[Path]:
    """Verified files of Pyodide's builds of `names` and their dependencies (the runtime's
    own packages left out), from the tool's cache or the configured sources."""
    if not names:
        return []
    entries = pyodide_packages.resolve(names, pyodide_packages.read_lock(project), provided(project), where)
    return pyodide_packages.cached_files(entries, project, where)


def locked_wheels(project: Project, requirements: tuple[str, ...], where: Path) -> list[Path]:
    """Verified local files for `requirements` (with their dependencies), in a stable order:
    pure wheels from PyPI, then Pyodide's builds (wheels, and shared libraries as `.zip`).

    A PyPI requirement missing from the lock file is resolved and pinned; a wheel missing
    from the cache is downloaded again; every file must match its pinned SHA-256.
    """
    lock_names, requirements = split_requirements(project, requirements, where)
    return _pypi_wheels(project, requirements, where) + pyodide_files(project, lock_names, where)


def _pypi_wheels(project: Project, requirements: tuple[str, ...], where: Path) -> list[Path]:
    if not requirements:
        return []
    lock = read_lock(project)
    changed = False
    for requirement in requirements:
        name, version = parse_pin(requirement, where)
        key = f"{name}=={version}"
        if key not in lock["requirements"]:
            wheels = resolve(requirement, project, where)
            lock["requirements"][key] = [w.file for w in wheels]
            lock["wheels"].update({w.file: {"name": w.name, "version": w.version, "sha256": w.sha256} for w in wheels})
            changed = True
    if changed:
        write_lock(project, lock)
    files = sorted({f for r in requirements for f in lock["requirements"][_key(r, where)]})
    return [_verified(project, file, lock["wheels"][file], where) for file in files]


def _key(requirement: str, where: Path) -> str:
    name, version = parse_pin(requirement, where)
    return f"{name}=={version}"


def _verified(project: Project, file: str, pinned: dict, where: Path) -> Path:
    wheel = PinnedWheel(pinned["name"], pinned["version"], file, pinned["sha256"])
    path = project.packages_cache / file

    def fetch() -> None:
        found = _download_one(f"{wheel.name}=={wheel.version}", where)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(found, path)

    return pinned_file(path, wheel, fetch, f"delete {path} to download it again; if PyPI really serves other bytes, "
                                           f"delete its entry from {LOCK_FILE} after checking why",
                       pinned_by=LOCK_FILE, error=PackageError)


def lock_entries(project: Project, requirements: tuple[str, ...]) -> str:
    """What the lock file pins for `requirements`, as text for a fingerprint ("" for none)."""
    if not requirements:
        return ""
    try:
        _, requirements = split_requirements(project, requirements, Path(LOCK_FILE))
        lock = read_lock(project)
        keys = [_key(r, Path(LOCK_FILE)) for r in requirements]
    except ProblemError:
        return json.dumps(sorted(requirements))   # resolving will report the error
    files = sorted({f for key in keys for f in lock["requirements"].get(key, [])})
    return json.dumps([sorted(requirements), [(f, lock["wheels"].get(f)) for f in files]], sort_keys=True)
