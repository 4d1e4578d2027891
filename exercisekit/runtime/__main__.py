"""`python -m exercisekit.runtime`: the CPython side of `check`, JSON on stdin and stdout.

    evaluate  contract.EvaluateRequest -> contract.LegAnswer (session.evaluate_jobs, which
              web/node/run_in_pyodide.mjs calls too): one RunResult.to_json() per job, in
              order. After a run that left the interpreter tainted the list ends early: the
              caller starts a fresh process for the jobs that remain.
    record    [{"probes_path", "module_name", "function", "solutions": {name: path}}]
              -> a list of contract.ProbeRecord (probing.record_outputs)
"""
from __future__ import annotations

import json
import sys
import tempfile

from .probing import record_outputs
from .session import evaluate_jobs_json


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    request = sys.stdin.read()
    if command == "evaluate":
        answer = evaluate_jobs_json(request, tempfile.mkdtemp(prefix="exercise-"))
    elif command == "record":
        answer = json.dumps([record_outputs(**job) for job in json.loads(request)])
    else:
        print("usage: python -m exercisekit.runtime evaluate|record < request.json", file=sys.stderr)
        return 2
    sys.stdout.write(answer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
