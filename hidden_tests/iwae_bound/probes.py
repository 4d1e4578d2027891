"""Probe inputs that tell the known mistakes of `iwae_bound` apart; the large values are
where the naive exp overflows. `observe` also reports how many input entries the call
changed, which names a solution that shifts the log-weights in place."""
import numpy as np


def probes():
    rng = np.random.default_rng(51)
    # The last probe's rows lie 2000 apart: one maximum for the whole batch underflows the lower row.
    return [{"log_w": rng.normal(scale=2.0, size=(3, 4))}, {"log_w": 1000.0 + rng.normal(size=(2, 3))},
            {"log_w": np.array([[1000.0], [-1000.0]]) + rng.normal(size=(2, 3))}]


def observe(module, probe):
    before = np.array(probe["log_w"], copy=True)
    bound = module.iwae_bound(**probe)
    return {"bound": bound, "inputs_changed": int(np.sum(before != np.asarray(probe["log_w"])))}


def sweeps():
    """The bound against the number of samples K (the first K of 64 seeded log-weights per
    row: it rises towards log p(x)); the bound as every log-weight shifts by c (a straight
    line of slope 1, finite out to +-1200); the bound as one row's log-weights rise by g/2
    and the other's fall by g/2 (flat: the batch mean stays put, however far apart the rows
    are); and the input entries a call changes."""
    rng = np.random.default_rng(8)
    pool = rng.normal(scale=2.0, size=(2, 64))
    base = rng.normal(size=(2, 8))
    shifts = [float(c) for c in range(-1200, 1201, 100)]
    gaps = [float(g) for g in range(0, 2401, 200)]
    apart = np.array([[0.5], [-0.5]])

    def changed(module, c):
        log_w = base + c
        before = log_w.copy()
        module.iwae_bound(log_w)
        return int(np.sum(before != log_w))

    return [
        {"name": "K", "title": "IWAE bound against the number of samples K (log-weights with spread 2)",
         "x_label": "K (samples per input)", "y_label": "bound",
         "xs": [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64],
         "call": lambda module, k: float(module.iwae_bound(pool[:, :int(k)].copy()))},
        {"name": "shift", "title": "IWAE bound as every log-weight shifts by c (K = 8)",
         "x_label": "shift c of the log-weights", "y_label": "bound", "xs": shifts,
         "call": lambda module, c: float(module.iwae_bound(base + c))},
        {"name": "rows_apart", "title": "IWAE bound as the two rows' log-weights move g apart (K = 8)",
         "x_label": "gap g between the rows' log-weights", "y_label": "bound", "xs": gaps,
         "call": lambda module, g: float(module.iwae_bound(base + g * apart))},
        {"name": "inputs_changed", "only_when_apart": True,
         "title": "Input entries changed by the call (must stay 0)",
         "x_label": "shift c of the log-weights", "y_label": "entries changed", "xs": shifts, "call": changed},
    ]
