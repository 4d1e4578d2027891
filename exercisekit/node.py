"""Run one of the project's Node scripts (web/node/) with a JSON request on stdin."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from .errors import ProblemError, root_cause, without_root


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
        raise node_failure(script, where or script, done.returncode, done.stderr, repo_root)
    return done.stdout


# Node's own words for an import it could not resolve: a package missing from node_modules.
MISSING_PACKAGE = re.compile(r"ERR_MODULE_NOT_FOUND|Cannot find (?:package|module) '")


def node_failure(script: Path, where: Path, status: int, stderr: str, repo_root: Path) -> ProblemError:
    """The error for a Node script that failed: why first (the line naming the error, or the
    exit status when it printed none), then what it printed, with paths relative to the
    project; `npm ci` is the fix only when a package was not found."""
    printed = without_root(stderr.strip(), repo_root)
    cause = root_cause(printed)
    if MISSING_PACKAGE.search(printed):
        cause = cause or "a package it imports was not found"
        fix = "run `npm ci` (or `make setup`): a package the script imports is not in node_modules"
    elif cause is None:   # no error named: the process was ended (Emscripten says "Program terminated ...")
        said = printed.splitlines()[-1].strip() if printed else f"it exited with status {status} and no error message"
        cause = f"{said}: a test or solution may have ended the process (os._exit, sys.exit at import, a crash)"
        fix = ("look for os._exit or sys.exit in the problem's tests and solutions (the reference, the starter and "
               "each known-wrong solution run in this process): code must return, never end the process")
    else:
        fix = (f"if the error is not in your files, run `node {script.as_posix()}` by hand (the request on stdin) "
               f"to see it in full, and report it as a bug")
    details = f"\n{printed[-2000:]}" if printed and not cause.startswith(printed) else ""
    return ProblemError(where, f"{script.as_posix()} failed under Node: {cause}{details}", fix)
