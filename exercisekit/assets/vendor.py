"""Vendoring the browser runtime: Pyodide's core, numpy and pytest, pinned in vendor.toml.

Downloads go through the ordinary clients (npm, pip) into a cache, so a rebuild needs no
network. Every file is checked against its SHA-256. The verified files are then given
bytecode for the modules a test run imports (see bytecode.py), cached too, and that
runtime is what `check` runs under Node and what is copied into a site.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ProblemError
from ..node import run_node
from ..project import Project
from .runtime_package import runtime_archive, runtime_digest

MANIFEST = "vendor.toml"
COMPILER = Path("web") / "node" / "compile_runtime.mjs"
BYTECODE = Path(__file__).with_name("bytecode.py")


class VendorError(ProblemError):
    """A runtime file is missing, cannot be fetched, or does not match its pinned hash."""


@dataclass(frozen=True)
class PinnedWheel:
    """A wheel pinned by version and SHA-256: the runtime's (vendor.toml) and the extra
    packages' (packages.lock.json, packages.py) alike."""

    name: str
    version: str
    file: str
    sha256: str


@dataclass(frozen=True)
class Wheel(PinnedWheel):
    """A wheel of the runtime, and where vendor.toml says to fetch it from."""

    npm_tarball: str | None = None  # fetched with `npm pack`, the wheel taken from `member`
    member: str | None = None       # otherwise fetched from PyPI with `pip download`
    # Pyodide's own build, which its lock pins: fetched and verified as the problems' Pyodide
    # packages are (pyodide_packages.py), and vendor.toml's hash must be the lock's.
    pyodide_lock: bool = False


@dataclass(frozen=True)
class Manifest:
    pyodide_version: str
    pyodide_package: str
    pyodide_files: dict[str, str]   # file name -> sha256
    wheels: tuple[Wheel, ...]


@dataclass(frozen=True)
class RuntimeAssets:
    """URLs of the runtime, relative to the site root."""

    pyodide_dir: str               # ends in "/", e.g. "assets/pyodide-0.28.3/"
    numpy_wheel: str
    test_wheels: tuple[str, ...]   # pytest and its dependencies


def read_manifest(project: Project) -> Manifest:
    path = project.tool / MANIFEST
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Manifest(data["pyodide"]["version"], data["pyodide"]["package"], dict(data["pyodide"]["files"]),
                        tuple(Wheel(**w) for w in data["wheels"]))
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise VendorError(MANIFEST, f"cannot read the runtime manifest: {exc}",
                          "restore vendor.toml from version control") from exc


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path, expected: str, fix: str, pinned_by: str = MANIFEST,
           error: type[ProblemError] = VendorError) -> Path:
    """Return `path` if its SHA-256 is the one `pinned_by` pins; otherwise raise `error`."""
    if not path.is_file():
        raise error(path, "missing runtime file", fix)
    actual = sha256_of(path)
    if actual != expected:
        raise error(path, f"SHA-256 mismatch: {pinned_by} pins {expected}, the file has {actual}", fix)
    return path


def pinned_file(path: Path, wheel: PinnedWheel, fetch: Callable[[], None], fix: str, pinned_by: str = MANIFEST,
                error: type[ProblemError] = VendorError) -> Path:
    """The pinned `wheel` at `path`, which `fetch()` downloads first when it is missing; it
    must match its SHA-256 (the one check of a pinned wheel, for vendor.toml and the lock file)."""
    if not path.is_file():
        fetch()
    return verify(path, wheel.sha256, fix, pinned_by, error)


def _run(command: list[str], cwd: Path, what: str, target: Path) -> None:
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise VendorError(target, f"could not download {what}: {exc}", "check the network and build again") from exc
    if done.returncode != 0:
        raise VendorError(target, f"could not download {what}:\n{done.stderr.strip()[-1500:]}",
                          "check that the package registry is reachable, then build again")


def download(wheel: Wheel, cache: Path) -> None:
    """Fetch one wheel into the cache with npm or pip, through a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="vendor-") as tmp:
        tmp_path = Path(tmp)
        if wheel.npm_tarball:
            _run(["npm", "pack", wheel.npm_tarball, "--silent"], tmp_path, wheel.npm_tarball, cache / wheel.file)
            tarball = next(tmp_path.glob("*.tgz"))
            with tarfile.open(tarball) as archive:
                source = archive.extractfile(wheel.member) if wheel.member else None
                if source is None:
                    raise VendorError(cache / wheel.file, f"{wheel.npm_tarball} has no {wheel.member}",
                                      "fix `member` in vendor.toml")
                (tmp_path / wheel.file).write_bytes(source.read())
        else:
            _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                  "--dest", str(tmp_path), f"{wheel.name}=={wheel.version}"], tmp_path,
                 f"{wheel.name}=={wheel.version}", cache / wheel.file)
        cache.mkdir(parents=True, exist_ok=True)
        shutil.move(str(tmp_path / wheel.file), cache / wheel.file)


def cached_wheel(wheel: Wheel, cache: Path) -> Path:
    """The verified wheel in the cache, downloaded first if it is not there."""
    path = cache / wheel.file
    return pinned_file(path, wheel, lambda: download(wheel, cache), f"delete {path} and build again to download it afresh")


def pyodide_files(manifest: Manifest, project: Project) -> dict[str, Path]:
    """The verified Pyodide core files, from the tool home's node_modules."""
    folder = project.tool / "node_modules" / manifest.pyodide_package
    return {name: verify(folder / name, sha, f"run `npm ci` to reinstall pyodide@{manifest.pyodide_version}")
            for name, sha in manifest.pyodide_files.items()}


def to_stderr(line: str) -> None:
    """Progress goes to stderr, apart from what a command reports."""
    print(line, file=sys.stderr, flush=True)


def runtime_wheel(wheel: Wheel, project: Project) -> Path:
    """The verified local file of one runtime wheel, downloaded first where missing."""
    if not wheel.pyodide_lock:
        return cached_wheel(wheel, project.vendor_cache)
    from . import pyodide_packages  # it reads the manifest through this module

    entry = pyodide_packages.read_lock(project).packages.get(wheel.name)
    if entry is None or (entry.file_name, entry.sha256) != (wheel.file, wheel.sha256):
        raise VendorError(MANIFEST, f"{wheel.name} is pinned as {wheel.file} {wheel.sha256}, but Pyodide's lock has "
                                    f"{entry.file_name + ' ' + entry.sha256 if entry else 'no such package'}",
                          "pin in vendor.toml the file and SHA-256 that node_modules/pyodide/pyodide-lock.json records")
    return pyodide_packages.cached_files([entry], project, Path(MANIFEST))[0]


def lock_package_cache(project: Project) -> Path:
    """The folder that keeps the verified files of Pyodide's lock packages, numpy among them."""
    return project.vendor_cache / "pyodide-packages"


def cached_wheel_path(wheel: Wheel, project: Project) -> Path:
    """Where `runtime_wheel` keeps the file (a wheel of Pyodide's lock with the other lock
    packages, pyodide_packages.cached_files)."""
    folder = lock_package_cache(project) if wheel.pyodide_lock else project.vendor_cache
    return folder / wheel.file


def ensure_cache(project: Project, progress: Callable[[str], None] = to_stderr
                 ) -> tuple[dict[str, Path], dict[str, Path]]:
    """Verified local paths of every runtime file: (Pyodide core by name, wheels by package).
    The first use downloads the wheels: `progress` says so first, then each one's size and
    time as it arrives."""
    manifest = read_manifest(project)
    missing = [w for w in manifest.wheels if not cached_wheel_path(w, project).is_file()]
    if missing:
        progress(f"first use: downloading {len(missing)} runtime wheels for the browser into {project.vendor_cache} "
                 "(once; later runs reuse them)")
    wheels = {}
    for wheel in manifest.wheels:
        started = time.perf_counter()
        wheels[wheel.name] = runtime_wheel(wheel, project)
        if wheel in missing:
            at = missing.index(wheel) + 1
            progress(f"  [{at}/{len(missing)}] {wheel.name} {wheel.version}: "
                     f"{wheels[wheel.name].stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
    return pyodide_files(manifest, project), wheels


def runtime_key(manifest: Manifest, project: Project) -> str:
    """Names a bytecode build of the runtime: it changes with any pinned file, with the
    compiler (bytecode.py and its Node script) and with the runtime package, whose imports
    the training run records."""
    parts = sorted(manifest.pyodide_files.values()) + sorted(w.sha256 for w in manifest.wheels)
    parts += [hashlib.sha256(path.read_bytes()).hexdigest() for path in (BYTECODE, project.tool / COMPILER)]
    parts.append(runtime_digest())
    return hashlib.sha256(" ".join(parts).encode()).hexdigest()[:16]


def compile_runtime(core: dict[str, Path], wheels: dict[str, Path], target: Path, project: Project) -> None:
    """Write into `target` the Pyodide core and the wheels, with the modules a test run
    imports compiled to bytecode (see bytecode.py). Built beside `target` and renamed into
    place, so the cache never holds half a runtime."""
    # Per process and thread: `check`'s threads may each find the runtime missing at once.
    partial = target.with_name(f"{target.name}.part-{os.getpid()}-{threading.get_ident()}")
    shutil.rmtree(partial, ignore_errors=True)
    (partial / "pyodide").mkdir(parents=True)
    (partial / "wheels").mkdir()
    for name, path in core.items():
        if name != "python_stdlib.zip":
            shutil.copyfile(path, partial / "pyodide" / name)
    (partial / "runtime.zip").write_bytes(runtime_archive())
    request = {"pyodideDir": str(core["pyodide.mjs"].parent.resolve()),
               "wheels": [str(p.resolve()) for p in wheels.values()],
               "helper": BYTECODE.read_text(encoding="utf-8"), "runtimeZip": str((partial / "runtime.zip").resolve()),
               "outStdlib": str((partial / "pyodide" / "python_stdlib.zip").resolve()),
               "outWheels": str((partial / "wheels").resolve())}
    try:
        run_node(COMPILER, request, project.tool, timeout=300)
        (partial / "runtime.zip").unlink()
        try:
            partial.rename(target)
        except OSError:
            if not target.is_dir():   # another thread or process compiled the same runtime first
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def runtime_files(project: Project) -> tuple[dict[str, Path], dict[str, Path]]:
    """What the browser runs: the verified Pyodide core and wheels, with the modules a test
    run imports compiled to bytecode (in `project.compiled`). `check` runs its Pyodide leg
    on these same files."""
    manifest = read_manifest(project)
    core, wheels = ensure_cache(project)
    target = project.compiled / runtime_key(manifest, project)
    if not target.is_dir():
        compile_runtime(core, wheels, target, project)
        for stale in target.parent.iterdir():  # earlier builds: 25 MB each, never used again
            if stale != target and ".part-" not in stale.name:
                shutil.rmtree(stale, ignore_errors=True)
    return ({name: target / "pyodide" / name for name in core},
            {name: target / "wheels" / path.name for name, path in wheels.items()})


def shipped_wheel_name(wheel_name: str, digest: str = "") -> str:
    """The name a wheel is shipped under in a site: its name without `.whl`, then `digest`
    (if given) and `.zip`. Some school proxies and hosts refuse every path that ends in
    `.whl`; a wheel is a zip archive, and the page installs it from its bytes
    (web/static/worker.js), so the name only has to be unique to its content."""
    if not wheel_name.endswith(".whl"):
        raise ValueError(f"{wheel_name} is not a wheel's file name (NAME-VERSION-TAGS.whl)")
    stem = wheel_name[: -len(".whl")]
    return f"{stem}.{digest}.zip" if digest else f"{stem}.zip"


def vendor_runtime(dest_root: Path, project: Project) -> RuntimeAssets:
    """Copy the runtime into `dest_root/assets/` and return its relative URLs. The folders
    are named by the runtime's key, so hosts may cache them forever."""
    manifest = read_manifest(project)
    core, wheels = runtime_files(project)
    key = core["pyodide.mjs"].parent.parent.name
    core_dir = f"assets/pyodide-{manifest.pyodide_version}-{key[:10]}/"
    (dest_root / core_dir).mkdir(parents=True, exist_ok=True)
    for name, path in core.items():
        shutil.copyfile(path, dest_root / core_dir / name)
    urls = {}
    folder = f"assets/wheels-{key[:10]}"
    (dest_root / folder).mkdir(parents=True, exist_ok=True)
    for name, path in wheels.items():
        shipped = shipped_wheel_name(path.name)
        shutil.copyfile(path, dest_root / folder / shipped)
        urls[name] = f"{folder}/{shipped}"
    numpy = urls.pop("numpy")
    return RuntimeAssets(pyodide_dir=core_dir, numpy_wheel=numpy, test_wheels=tuple(urls.values()))
