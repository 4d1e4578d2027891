"""Run hidden tests inside the vendored Pyodide under Node: the browser's runtime without
the browser, so `check` catches what works in CPython but breaks in Pyodide."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import ProblemError
from .node import run_node
from .testing import RUNNER
from .vendor import runtime_files

SCRIPT = Path("web") / "node" / "run_in_pyodide.mjs"


@dataclass(frozen=True)
class Job:
    """One suite to run: the tests of a problem against one module source."""

    module_name: str
    module_source: str
    tests: dict[str, str]
    names: dict[str, str]


def run_in_pyodide(jobs: list[Job], repo_root: Path, timeout: float = 300) -> list[dict]:
    """Run every job in one Node process (Pyodide boots once); one runner result per job."""
    core, wheels = runtime_files(repo_root)
    request = {"pyodideDir": str(core["pyodide.mjs"].parent), "wheels": [str(p) for p in wheels.values()],
               "runner": RUNNER.read_text(encoding="utf-8"), "jobs": [asdict(job) for job in jobs]}
    stdout = run_node(SCRIPT, request, repo_root, timeout)
    answer = next((line for line in stdout.splitlines() if line.startswith("RESULTS ")), None)
    if answer is None:
        raise ProblemError(SCRIPT, "Pyodide under Node gave no results",
                           "run the script by hand to see what it printed")
    return json.loads(answer[len("RESULTS "):])
