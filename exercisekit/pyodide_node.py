"""Run hidden tests inside the vendored Pyodide under Node: the browser's runtime without
the browser, so `check` catches what works in CPython but breaks in Pyodide."""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import ProblemError
from .vendor import ensure_cache

SCRIPT = Path("web") / "node" / "run_in_pyodide.mjs"
RUNNER = Path(__file__).with_name("runner.py")


@dataclass(frozen=True)
class Job:
    """One suite to run: the tests of a problem against one module source."""

    module_name: str
    module_source: str
    tests: dict[str, str]
    names: dict[str, str]


def run_in_pyodide(jobs: list[Job], repo_root: Path, timeout: float = 300) -> list[dict]:
    """Run every job in one Node process (Pyodide boots once); one runner result per job."""
    node = shutil.which("node")
    if node is None:
        raise ProblemError(SCRIPT, "node is not installed", "install Node 20 (it comes with npm)")
    core, wheels = ensure_cache(repo_root)
    request = {"pyodideDir": str(core["pyodide.mjs"].parent), "wheels": [str(p) for p in wheels.values()],
               "runner": RUNNER.read_text(encoding="utf-8"), "jobs": [asdict(job) for job in jobs]}
    try:
        done = subprocess.run([node, str(repo_root / SCRIPT)], input=json.dumps(request), capture_output=True,
                              text=True, timeout=timeout, cwd=repo_root)
    except subprocess.TimeoutExpired as exc:
        raise ProblemError(SCRIPT, f"Pyodide under Node did not finish within {timeout:.0f} s",
                           "look for a test or solution that loops forever") from exc
    answer = next((line for line in done.stdout.splitlines() if line.startswith("RESULTS ")), None)
    if done.returncode != 0 or answer is None:
        raise ProblemError(SCRIPT, f"Pyodide under Node failed:\n{done.stderr.strip()[-2000:]}",
                           "run `npm ci`; if it persists, run the script by hand to see the error")
    return json.loads(answer[len("RESULTS "):])
