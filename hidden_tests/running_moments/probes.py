"""Probes for the class `RunningMoments`: `observe` creates the learner's object, reports its
state before any update, feeds it a probe's batches and reports count, mean and var as plain
numbers, and how many entries of the batches the updates changed.

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


def numbers(value):
    """A list of floats, or the type's name when the value is not numeric (None, ...)."""
    try:
        return [float(v) for v in np.ravel(np.asarray(value, dtype=float))]
    except (TypeError, ValueError):
        return type(value).__name__


def observe(module, probe):
    batches = probe["batches"]
    before = [batch.copy() for batch in batches]
    rm = module.RunningMoments(batches[0].shape[1])
    fresh = {"count": numbers(rm.count), "mean": numbers(rm.mean), "var": numbers(rm.var)}
    for batch in batches:
        rm.update(batch)
    mean = numbers(rm.mean)
    var = numbers(rm.var)
    seen = {"fresh": fresh, "count": float(rm.count), "mean": mean,
            "batches_changed": sum(int(np.sum(a != b)) for a, b in zip(before, batches))}
    if probe["large_offset"]:
        exact = np.concatenate(before).var(axis=0)  # two-pass: accurate at any offset
        seen["var_accurate"] = isinstance(var, list) and len(var) == len(exact) and bool(
            np.allclose(var, exact, rtol=1e-5, atol=0.0))
    else:
        seen["var"] = var
    return seen


def sweeps():
    """The running variance of one feature after each of 20 batches of unequal sizes (0 before
    any); the same at an offset of 1e8, where the spread is 0.1 (so the variance is about
    0.01); and how many entries of the batches the updates changed (always 0)."""
    rng = np.random.default_rng(99)
    sizes = rng.integers(1, 9, size=20).tolist()
    stream = [rng.normal([3.0, -1.0], [2.0, 0.5], size=(n, 2)) for n in sizes]
    far = [1e8 + rng.normal(scale=0.1, size=(n, 2)) for n in sizes]

    def feed(module, batches, k):
        rm = module.RunningMoments(2)
        fed = [batch.copy() for batch in batches[:int(k)]]
        for batch in fed:
            rm.update(batch)
        return rm, fed

    def variance(batches):
        return lambda module, k: float(np.ravel(feed(module, batches, k)[0].var)[0])

    def changed(module, k):
        _, fed = feed(module, stream, k)
        return sum(int(np.sum(a != b)) for a, b in zip(stream, fed))

    counts = list(range(0, 21))
    return [
        {"name": "variance", "title": "Running variance of feature 0 after each batch (batches of 1 to 8 rows)",
         "x_label": "batches fed", "y_label": "var[0]", "xs": counts, "call": variance(stream)},
        {"name": "large_offset", "title": "Running variance at values near 1e8 (spread 0.1, so var near 0.01)",
         "x_label": "batches fed", "y_label": "var[0]", "xs": counts[1:], "call": variance(far)},
        {"name": "batches_changed", "title": "Batch entries changed by the updates (must stay 0)",
         "x_label": "batches fed", "y_label": "entries changed", "xs": counts, "call": changed},
    ]
