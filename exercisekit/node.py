"""Run one of the project's Node scripts (web/node/) with a JSON request on stdin."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .errors import ProblemError


def run_node(script: Path, request: dict, repo_root: Path, timeout: float, where: Path | None = None) -> str:
    """Run `repo_root/script` under Node and return its stdout; raise ProblemError naming
    `where` (by default the script) if Node is missing, the script fails or it runs past
    `timeout` seconds."""
    node = shutil.which("node")
    if node is None:
        raise ProblemError(script, "node is not installed", "install Node 20 (it comes with npm)")
    try:
        # Strict JSON, as Node's JSON.parse reads it: a NaN here is a data error, not Node's.
        payload = json.dumps(request, allow_nan=False)
    except ValueError as exc:
        raise ProblemError(where or script, f"the data sent to Node holds a value JSON cannot carry ({exc})",
                           "NaN and infinities must be encoded before they cross to Node (probing.encode, "
                           "sweeps.point); report this as a bug, naming the problem") from exc
    try:
        done = subprocess.run([node, str(repo_root / script)], input=payload, capture_output=True,
                              text=True, timeout=timeout, cwd=repo_root)
    except subprocess.TimeoutExpired as exc:
        raise ProblemError(where or script, f"Node did not finish within {timeout:.0f} s",
                           "look for a test or solution that loops forever") from exc
    if done.returncode != 0:
        raise ProblemError(where or script, f"Pyodide under Node failed:\n{done.stderr.strip()[-2000:]}",
                           "run `npm ci`; if it persists, run the script by hand to see the error")
    return done.stdout
