"""`python -m exercisekit.runtime`: the CPython side of `check`, JSON on stdin and stdout.

    evaluate  {"problems": {slug: data}, "jobs": [{"problem": slug, "code": str, "trusted": bool}]}
              -> a list of RunResult.to_json(), one per job, in order. After a run that left
              the interpreter tainted the list ends early: the caller starts a fresh
              process for the jobs that remain.
    record    [{"probes_path", "module_name", "function", "solutions": {name: path}}]
              -> a list of probe records (probing.record_outputs)
"""
from __future__ import annotations

import json
import sys
import tempfile
from typing import Any

from .probing import record_outputs
from .session import Session


def evaluate_jobs(request: dict[str, Any]) -> list[dict[str, Any]]:
    """Run each job in the session of its problem (one session, one warm-up per problem)."""
    home = tempfile.mkdtemp(prefix="exercise-")
    sessions: dict[str, Session] = {}
    results = []
    for job in request["jobs"]:
        slug = job["problem"]
        if slug not in sessions:
            sessions[slug] = Session(request["problems"][slug], f"{home}/{len(sessions)}")
        session = sessions[slug]
        run = session.warm_up if job.get("trusted") and not session.warmed_up else session.evaluate
        result = run(job["code"])
        results.append(result.to_json())
        if result.tainted:
            break
    return results


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    request = json.load(sys.stdin)
    if command == "evaluate":
        answer = evaluate_jobs(request)
    elif command == "record":
        answer = [record_outputs(**job) for job in request]
    else:
        print("usage: python -m exercisekit.runtime evaluate|record < request.json", file=sys.stderr)
        return 2
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
