"""Sums what `BROWSER_BOOTS=FILE pytest tests/browser` recorded: per module, its tests, the
pages they loaded and the Python workers they started (boots and restores), most first.

    python scripts/browser_boots.py FILE [FILE ...]
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path


def per_module(lines: list[dict]) -> dict[str, dict[str, int]]:
    """Module path -> {"tests", "loads", "workers"}."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: {"tests": 0, "loads": 0, "workers": 0})
    for line in lines:
        module = totals[line["id"].split("::")[0]]
        module["tests"] += 1
        module["loads"] += line["loads"]
        module["workers"] += line["workers"]
    return dict(totals)


def main(paths: list[str]) -> None:
    lines = [json.loads(text) for path in paths for text in Path(path).read_text().splitlines() if text]
    totals = per_module(lines)
    print(f"{'workers':>7} {'loads':>5} {'tests':>5}  module")
    for module, row in sorted(totals.items(), key=lambda item: -item[1]["workers"]):
        print(f"{row['workers']:>7} {row['loads']:>5} {row['tests']:>5}  {module}")
    print(f"{sum(r['workers'] for r in totals.values()):>7} {sum(r['loads'] for r in totals.values()):>5} "
          f"{sum(r['tests'] for r in totals.values()):>5}  in all")


if __name__ == "__main__":
    main(sys.argv[1:])
