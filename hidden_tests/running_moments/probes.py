"""Probes for the class `RunningMoments`: `observe` creates the learner's object, feeds it a
probe's batches and reports count, mean and var as plain numbers.

The batches have unequal sizes (a mean of batch means is off), several of them (a reset or
a count that never grows shows), and one probe sits at a large offset, where only a stable
merge gets the variance right. There the naive formula's garbage depends on the order of
its sums, so `observe` reports only whether the variance is accurate, not its digits."""
import numpy as np


def probes():
    rng = np.random.default_rng(1618)
    ordinary = [{"batches": [rng.normal([1.0, -2.0, 5.0], [1.0, 0.5, 2.0], size=(n, 3)) for n in sizes],
                 "large_offset": False}
                for sizes in ((2, 5, 1), (4,), (1, 1, 3, 2))]
    offset = {"batches": [1e8 + rng.normal(scale=0.1, size=(n, 2)) for n in (3, 6, 2)], "large_offset": True}
    return ordinary + [offset]


def observe(module, probe):
    batches = probe["batches"]
    rm = module.RunningMoments(batches[0].shape[1])
    for batch in batches:
        rm.update(batch)
    mean = [float(v) for v in np.ravel(rm.mean)]
    var = [float(v) for v in np.ravel(rm.var)]
    seen = {"count": float(rm.count), "mean": mean}
    if probe["large_offset"]:
        exact = np.concatenate(batches).var(axis=0)  # two-pass: accurate at any offset
        seen["var_accurate"] = len(var) == len(exact) and bool(np.allclose(var, exact, rtol=1e-5, atol=0.0))
    else:
        seen["var"] = var
    return seen
