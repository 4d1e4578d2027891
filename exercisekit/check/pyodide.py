"""The Pyodide leg of `check`: hidden tests inside the vendored Pyodide under Node, the
browser's runtime without the browser, so `check` catches what works in CPython but breaks
in Pyodide. The Node script unpacks the runtime package and calls the same `Session` the
worker calls. `PyodideLeg` is this leg behind legs.Leg."""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..assets.runtime_package import runtime_archive
from ..assets.vendor import runtime_files
from ..errors import ProblemError
from ..node import run_node
from ..project import Project
from ..runtime.contract import EvaluateJob, LegAnswer, ProblemData
from .legs import Failure, LegRequest, LegResult, results_of, until_all_done
from .model import IN_PYODIDE

SCRIPT = Path("web") / "node" / "run_in_pyodide.mjs"
# The validators the script checks its request and answer with (contract.py's JavaScript side).
CONTRACT = Path("web") / "static" / "contract.mjs"


def run_in_pyodide(problems: dict[str, ProblemData], jobs: list[EvaluateJob], project: Project, where: Path,
                   timeout: float = 300, wheels: tuple[Path, ...] = ()) -> LegAnswer:
    """Results of `jobs` (as for `testing.evaluate`) in Pyodide, one Node process for all
    unless a run taints its interpreter, with the extra packages' `wheels` installed.
    `where` is the file errors name."""
    core, runtime_wheels = runtime_files(project)
    failure = leg_failure(where)
    with tempfile.TemporaryDirectory(prefix="pyodide-leg-") as tmp:
        archive = Path(tmp) / "runtime.zip"
        archive.write_bytes(runtime_archive())
        request = {"pyodideDir": str(core["pyodide.mjs"].parent),
                   "wheels": [str(p) for p in [*runtime_wheels.values(), *wheels]],
                   "runtimeZip": str(archive), "problems": problems}
        return until_all_done(jobs, lambda rest: _answer(run_node(SCRIPT, {**request, "jobs": rest}, project.tool,
                                                                           timeout, where)), failure)


@dataclass(frozen=True)
class PyodideLeg:
    """The browser's leg: one Node process per request, running the vendored Pyodide."""

    project: Project
    name: str = IN_PYODIDE

    def prepare(self) -> None:
        """Download, verify and compile the browser runtime if it is not in the cache yet."""
        runtime_files(self.project)

    def evaluate(self, request: LegRequest) -> list[LegResult]:
        # The hash seed is Pyodide's own: the browser's page cannot choose it either.
        return results_of(run_in_pyodide(request.problems, request.jobs, self.project, request.where,
                                         request.timeout, request.wheels))


def leg_failure(where: Path) -> Failure:
    """How the Pyodide leg's failures are reported: a leg that answers nothing was ended by
    what it ran, which is no matter of node_modules."""
    return Failure(where, "look for a test or solution that loops forever", "Pyodide under Node failed",
                   "a test or solution may have ended the process (os._exit, a crash): run `check` on this problem "
                   f"alone, or run {SCRIPT.as_posix()} by hand to see the error")


def _answer(stdout: str) -> LegAnswer:
    line = next((line for line in stdout.splitlines() if line.startswith("RESULTS ")), None)
    if line is None:
        raise ProblemError(SCRIPT, "Pyodide under Node gave no results", "run the script by hand to see what it printed")
    return json.loads(line[len("RESULTS "):])
