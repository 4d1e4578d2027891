"""Issue 31: ready to publish. `python -m build` makes an sdist and, from it, a wheel; both
pass `twine check` (licence, long description); the wheel carries the authoring guide and
the licence, and installed in a fresh venv `exercisekit docs` prints the guide written for
the `exercisekit` commands. Slow-ish (an isolated build): one test."""
from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]   # the repository (tests/site/ is two below)


def run(args: list, cwd: Path, env: dict | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_build_makes_an_sdist_and_wheel_that_pass_twine_and_carry_the_guide(tmp_path):
    run([sys.executable, "-m", "build", "--outdir", tmp_path / "dist", ROOT], tmp_path)
    sdist = next((tmp_path / "dist").glob("exercisekit-*.tar.gz"))
    wheel = next((tmp_path / "dist").glob("exercisekit-*.whl"))
    assert "PASSED" in run([sys.executable, "-m", "twine", "check", "--strict", sdist, wheel], tmp_path)

    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"AUTHORING.md", "LICENSE", "README.md", "web/templates/base.html", "vendor.toml"} <= names
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    assert "exercisekit/_data/AUTHORING.md" in names and "exercisekit/_data/web/templates/base.html" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in metadata and "Description-Content-Type: text/markdown" in metadata
    assert "Requires-Dist: numpy==2.2.5" in metadata

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "EXERCISEKIT_HOME")}
    run([sys.executable, "-m", "venv", tmp_path / "venv"], tmp_path, env)
    bin_dir = tmp_path / "venv" / "bin"
    run([bin_dir / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel], tmp_path, env)
    guide = run([bin_dir / "exercisekit", "docs"], tmp_path, env)
    assert guide.startswith("# Authoring problems") and guide == (ROOT / "AUTHORING.md").read_text() + "\n"
    where = Path(run([bin_dir / "exercisekit", "docs", "--path"], tmp_path, env).strip())
    assert where.is_relative_to(tmp_path / "venv") and where.name == "AUTHORING.md"
    # Written for the installed tool first: its commands come before the repository's route.
    assert guide.index("exercisekit new") < guide.index("build_site.py")
