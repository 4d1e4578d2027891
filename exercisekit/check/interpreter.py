"""Which Python runs `check`'s CPython leg, and with which package versions.

The browser runs Python 3.13 (Pyodide 0.28) with the versions the vendored runtime and
Pyodide's lock pin. The CPython leg comes as close as the machine allows: Python 3.13 when
it has one (found on PATH, through pyenv, or named by $EXERCISEKIT_CHECK_PYTHON), else the
Python running the tool (3.11 on Debian 12), and says which. Unless that is the tool's own
Python with no package beyond the runtime's (whose numpy and pytest pyproject.toml pins to
vendor.toml's versions), the leg runs in a virtual environment of its own in the tool's
cache, one per interpreter and set of versions, where pip installs from PyPI the same
versions of the runtime's packages (numpy, pytest, ...) and of every package of Pyodide's
lock the problem uses (scipy 1.14.1, scikit-learn 1.7.0, ...). Pure-Python packages pinned
in packages.lock.json go on sys.path as their wheels, as before.
"""
from __future__ import annotations

import fcntl
import functools
import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..assets import pyodide_packages
from ..assets.vendor import read_manifest
from ..errors import ProblemError
from ..project import Project

PREFERRED = (3, 13)          # Pyodide 0.28's Python
ENV_OVERRIDE = "EXERCISEKIT_CHECK_PYTHON"
PROBE = "import sys, venv, ensurepip; print('.'.join(map(str, sys.version_info[:3])))"


@dataclass(frozen=True)
class Interpreter:
    """A Python found on this machine."""

    executable: Path
    version: str          # e.g. "3.13.0"
    note: str = ""        # why it is not the preferred one, when it is not

    @property
    def preferred(self) -> bool:
        return tuple(int(p) for p in self.version.split(".")[:2]) == PREFERRED


@dataclass(frozen=True)
class LegPython:
    """What the CPython leg runs: an interpreter, the packages installed for it, and the
    pure wheels that go on sys.path."""

    executable: Path
    interpreter: Interpreter
    pins: tuple[str, ...]            # NAME==VERSION, as installed
    path_wheels: tuple[Path, ...]

    def describe(self) -> str:
        """One line for the report: the Python and the versions that ran."""
        versions = ", ".join(pin.replace("==", " ") for pin in self.pins)
        note = f" ({self.interpreter.note})" if self.interpreter.note else ""
        return f"CPython leg: Python {self.interpreter.version}{note}; {versions}"


def _version_of(executable: Path) -> str | None:
    """The version of a usable Python (one with venv and ensurepip), or None."""
    env = {**os.environ, "PYENV_VERSION": os.environ.get("PYENV_VERSION", "3.13.0")}
    try:
        done = subprocess.run([str(executable), "-c", PROBE], capture_output=True, text=True, timeout=30, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def candidates() -> list[Path]:
    """Where a Python 3.13 may be, most explicit first."""
    found = []
    if os.environ.get(ENV_OVERRIDE):
        found.append(Path(os.environ[ENV_OVERRIDE]))
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    found += sorted(pyenv_root.glob("versions/3.13*/bin/python3.13"), reverse=True)
    on_path = shutil.which("python3.13")
    if on_path:
        found.append(Path(on_path))
    return found


@functools.cache
def find_interpreter() -> Interpreter:
    """Python 3.13 if the machine has one, else the tool's own Python, saying why."""
    looked = candidates()
    for path in looked:
        version = _version_of(path)
        if version and tuple(int(p) for p in version.split(".")[:2]) == PREFERRED:
            return Interpreter(path, version)
    own = ".".join(map(str, sys.version_info[:3]))
    where = ", ".join(str(p) for p in looked) or "PATH, pyenv"
    return Interpreter(Path(sys.executable), own,
                       f"no Python 3.13 found ({where}); set ${ENV_OVERRIDE} to one to match the browser")


def runtime_pins(project: Project) -> list[str]:
    """The runtime's own packages at the versions the browser runs (vendor.toml)."""
    return [f"{w.name}=={w.version}" for w in read_manifest(project).wheels]


def leg_python(wheels: tuple[Path, ...], project: Project | None = None) -> LegPython:
    """The Python for a batch whose problems ask for the packages `wheels` are the files of
    (assets/packages.locked_wheels): files of Pyodide's lock become pins installed from PyPI
    (shared libraries are part of the PyPI wheels), the rest go on sys.path. Only the tool
    home and its cache are used, which do not depend on the course (hence no `project` needed)."""
    project = project or Project(Path.cwd())
    by_file = pyodide_packages.read_lock(project).by_file() if wheels else {}
    lock_pins = sorted({f"{by_file[w.name].name}=={by_file[w.name].version}"
                        for w in wheels if w.name in by_file and not by_file[w.name].shared_library})
    path_wheels = tuple(w for w in wheels if w.name not in by_file)
    interpreter = find_interpreter()
    pins = tuple(runtime_pins(project) + lock_pins)
    if interpreter.executable == Path(sys.executable) and not lock_pins:
        return LegPython(interpreter.executable, interpreter, pins, path_wheels)
    return LegPython(ensure_venv(project, interpreter, pins), interpreter, pins, path_wheels)


def ensure_venv(project: Project, interpreter: Interpreter, pins: tuple[str, ...]) -> Path:
    """The Python of a virtual environment with exactly `pins`, made once in the tool's cache.
    Made under a lock file, as parallel checks (threads and processes) may ask at once."""
    key = hashlib.sha256(f"{interpreter.executable} {interpreter.version} {' '.join(pins)}".encode()).hexdigest()[:12]
    folder = project.vendor_cache / "cpython-leg" / f"py{interpreter.version}-{key}"
    python = folder / "bin" / "python"
    ready = folder / ".ready"
    if ready.exists():
        return python
    folder.parent.mkdir(parents=True, exist_ok=True)
    with (folder.parent / f"{folder.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ready.exists():
            shutil.rmtree(folder, ignore_errors=True)
            print(f"setting up the CPython leg: Python {interpreter.version} with {', '.join(pins)} ...",
                  file=sys.stderr)
            _run([str(interpreter.executable), "-m", "venv", str(folder)], folder, pins, interpreter)
            # --no-compile: pip would compile every module of scipy and scikit-learn (their
            # tests included); Python compiles the few a check imports, once, on first use.
            _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                  "--only-binary=:all:", "--no-compile", *pins], folder, pins, interpreter)
            ready.touch()
    return python


def _run(command: list[str], folder: Path, pins: tuple[str, ...], interpreter: Interpreter) -> None:
    env = {**os.environ, "PYENV_VERSION": os.environ.get("PYENV_VERSION", "3.13.0")}
    env.pop("PYTHONPATH", None)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ProblemError(folder, f"could not set up the CPython leg: {exc}",
                           "check that PyPI is reachable, then run check again") from exc
    if done.returncode != 0:
        raise ProblemError(folder, f"could not set up the CPython leg with {', '.join(pins)}:\n"
                                   f"{done.stderr.strip()[-1500:]}",
                           f"check that PyPI has these versions for Python {interpreter.version} and is reachable; "
                           f"delete {folder} and run check again")


def leg_note(wheels: tuple[Path, ...], project: Project) -> str:
    """What a problem's report says about its CPython leg: the Python and the versions of
    the packages it asked for (the runtime's numpy and pytest are in `interpreter_line`)."""
    leg = leg_python(wheels, project)
    extra = [pin.replace("==", " ") for pin in leg.pins[len(runtime_pins(project)):]]
    extra += [w.name.split("-")[0] + " " + w.name.split("-")[1] for w in leg.path_wheels]
    return f"CPython leg ran Python {leg.interpreter.version} with {', '.join(extra)}: the versions the browser runs"


def interpreter_line(project: Project) -> str:
    """One line for the end of `check`: which Python ran the CPython leg, and why if not 3.13."""
    interpreter = find_interpreter()
    runtime = ", ".join(pin.replace("==", " ") for pin in runtime_pins(project))
    note = f" -- {interpreter.note}" if interpreter.note else ""
    return f"CPython leg: Python {interpreter.version} ({interpreter.executable}) with {runtime}{note}"
