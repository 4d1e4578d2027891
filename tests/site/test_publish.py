"""Issue 31: a course's CI works on the first push. A wheel built from this repository is
installed from its file into a venv; `exercisekit init` there writes a course whose
course.toml requires that wheel (copied into the course's tools/); then the written
workflow's `run:` steps, verbatim, run in a second, fresh venv and give a site.

Offline, as tests/test_install.py: pip installs with PIP_NO_INDEX/PIP_NO_DEPS and the
dependencies come from this checkout's .venv (a .pth line); the vendored wheels are linked
into the fresh user cache. Slow (two venvs, a check and a build): one test."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

from projects import repository_wheel

ROOT = Path(__file__).resolve().parents[2]   # the repository (tests/site/ is two below)


def run(args: list, cwd: Path, env: dict, timeout: float = 900) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def fresh_venv(where: Path, env: dict) -> Path:
    """A venv that sees this checkout's dependencies (numpy, pytest, jinja2...) but no exercisekit."""
    run([sys.executable, "-m", "venv", where], where.parent, env)
    purelib = run([where / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                  where.parent, env).strip()
    (Path(purelib) / "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return where / "bin"


def workflow_run_steps(workflow: str) -> list[str]:
    return re.findall(r"(?m)^\s*- run: (.*)$", workflow)


def test_the_written_workflow_installs_the_wheel_and_builds_the_site_in_a_fresh_venv(tmp_path):
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EXERCISEKIT_HOME", "VIRTUAL_ENV")}
    wheel = repository_wheel(tmp_path)
    cache = tmp_path / "user-cache"
    env = {**base, "XDG_CACHE_HOME": str(cache), "PIP_NO_INDEX": "1", "PIP_NO_DEPS": "1",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}

    instructor = fresh_venv(tmp_path / "instructor", env)
    run([instructor / "python", "-m", "pip", "install", "-q", wheel], tmp_path, env)
    version = run([instructor / "exercisekit", "--version"], tmp_path, env).split()[1]
    vendor = cache / "exercisekit" / version / ".cache" / "vendor"
    vendor.mkdir(parents=True)
    # What a first use downloads (runtime wheels, Pyodide's package files, the CPython leg's
    # venvs) comes from this checkout's cache: pip here has no index.
    for cached in (ROOT / ".cache" / "vendor").glob("*.whl"):
        (vendor / cached.name).symlink_to(cached.resolve())
    for folder in ("pyodide-packages", "cpython-leg"):
        if (ROOT / ".cache" / "vendor" / folder).is_dir():
            (vendor / folder).symlink_to((ROOT / ".cache" / "vendor" / folder).resolve())
    said = run([instructor / "exercisekit", "init", "course", "--title", "Shipped"], tmp_path, env)
    course = tmp_path / "course"
    assert (course / "tools" / wheel.name).read_bytes() == wheel.read_bytes()
    assert f'requirement = "./tools/{wheel.name}"' in (course / "course.toml").read_text()
    assert f'requirement = "./tools/{wheel.name}"' in said

    steps = workflow_run_steps((course / ".github" / "workflows" / "site.yml").read_text())
    assert steps[0].startswith("python -m pip install") and steps[-1] == "exercisekit build --out site"
    runner = fresh_venv(tmp_path / "runner", env)
    ci = {**env, "PATH": f"{runner}{os.pathsep}{env['PATH']}"}
    outputs = [run(["bash", "-e", "-c", step], course, ci) for step in steps]
    assert outputs[steps.index("exercisekit --version")].strip() == f"exercisekit {version}"
    installed = run([runner / "python", "-c", "import exercisekit; print(exercisekit.__file__)"], course, ci)
    assert Path(installed.strip()).is_relative_to(tmp_path / "runner"), installed
    assert "1 of 1 problems ok" in "".join(outputs)
    index = (course / "site" / "index.html").read_text()
    assert "Shipped" in index and (course / "site" / "sum_of_squares.html").is_file()
