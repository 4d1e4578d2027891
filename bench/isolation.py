#!/usr/bin/env python3
"""What "every run starts clean" costs, inside Pyodide under Node (the learner's runtime).

    python bench/isolation.py [--runs N]

Prints, for the shipped problem vae_elbo_loss and its reference: a whole evaluation
(which includes restoring the interpreter), restoring alone, capturing a baseline, and
starting a fresh interpreter instead (boot, numpy and pytest, warm-up run), with the
ratio of a fresh interpreter to a restore.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SLUG = "vae_elbo_loss"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from exercisekit.assets.runtime_package import runtime_archive
    from exercisekit.assets.vendor import runtime_files
    from exercisekit.check.cpython import record_probes
    from exercisekit.problems.data import problem_data
    from exercisekit.problems.validate import load_all
    from exercisekit.project import Project

    [problem], _ = load_all(ROOT, [SLUG])
    core, wheels = runtime_files(Project.at(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "runtime.zip"
        archive.write_bytes(runtime_archive())
        request = {"pyodideDir": str(core["pyodide.mjs"].parent), "wheels": [str(p) for p in wheels.values()],
                   "runtimeZip": str(archive), "data": problem_data(problem, record_probes(problem), None),
                   "code": problem.reference_path.read_text(), "runs": args.runs}
        done = subprocess.run(["node", str(ROOT / "bench" / "isolation.mjs")], input=json.dumps(request),
                              capture_output=True, text=True, check=True)
    figures = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("FIGURES "))[8:])
    for name, value in figures.items():
        print(f"{name:<28} {value:8.1f} ms")
    print(f"{'fresh / restore':<28} {figures['fresh_interpreter_ms'] / figures['restore_ms']:8.0f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
