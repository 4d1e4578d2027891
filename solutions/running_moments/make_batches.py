"""Writes hidden_tests/running_moments/batches.json: a short stream of batches of unequal
sizes and the exact moments after each batch. Not shipped; run it again only to change
the data (python solutions/running_moments/make_batches.py from the project root).

The expected moments are computed with exact rational arithmetic (fractions.Fraction)
from the floats as stored in the JSON, then rounded once to float: an oracle that shares
nothing with the reference or with numpy's summation."""
import json
from fractions import Fraction
from pathlib import Path

import numpy as np

SIZES = (3, 1, 6, 2, 5)
LOC, SCALE = (2.0, -1.0, 10.0), (1.0, 0.5, 3.0)


def exact_moments(rows):
    n = len(rows)
    columns = list(zip(*rows))
    means = [sum(map(Fraction, col)) / n for col in columns]
    variances = [sum((Fraction(v) - m) ** 2 for v in col) / n for col, m in zip(columns, means)]
    return n, [float(m) for m in means], [float(v) for v in variances]


def main():
    rng = np.random.default_rng(2718)
    batches = [np.round(rng.normal(LOC, SCALE, size=(n, len(LOC))), 3).tolist() for n in SIZES]
    seen, after = [], []
    for batch in batches:
        seen.extend(batch)
        count, mean, var = exact_moments(seen)
        after.append({"count": count, "mean": mean, "var": var})
    data = {
        "about": "A stream of 5 batches (sizes 3, 1, 6, 2, 5) of 3 features, and the exact population "
                 "mean and variance of all rows seen after each batch.",
        "num_features": len(LOC),
        "batches": batches,
        "after_each_batch": after,
    }
    out = Path(__file__).resolve().parents[2] / "hidden_tests" / "running_moments" / "batches.json"
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
