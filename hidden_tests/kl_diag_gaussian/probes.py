"""Probe inputs that tell the known mistakes of `kl_diag_gaussian` apart. `observe` also reports
how many input entries the call changed, which names a solution that works in place."""
import numpy as np


def probes():
    rng = np.random.default_rng(11)
    return [{"mu": rng.normal(size=(n, k)), "logvar": rng.normal(scale=0.7, size=(n, k))} for n, k in ((3, 4), (2, 2))]


def changed_entries(before, after):
    """How many entries of the input arrays differ after the call."""
    return sum(int(np.sum(np.asarray(before[name]) != np.asarray(after[name]))) for name in before)


def observe(module, probe):
    before = {name: np.array(value, copy=True) for name, value in probe.items()}
    kl = module.kl_diag_gaussian(**probe)
    return {"kl": kl, "inputs_changed": changed_entries(before, probe)}


def _changed(module, x):
    inputs = {"mu": np.array([[x, 0.0]]), "logvar": np.zeros((1, 2))}
    before = {name: value.copy() for name, value in inputs.items()}
    module.kl_diag_gaussian(**inputs)
    return changed_entries(before, inputs)


def sweeps():
    """KL against the mean (the other latent dimension at the prior) and against the
    log-variance: a parabola with its minimum 0 at mu = 0, and the curve
    (e^lv - 1 - lv) / 2 with its minimum 0 at logvar = 0. The mean sweep's batch carries a
    second example (mu = (1, 0)) whose KL is not 0, so a sum over the batch axis parts
    from the curve; only the first example's KL is drawn."""
    xs = [round(-3.0 + 0.15 * i, 2) for i in range(41)]
    return [
        {"name": "mu", "title": "KL as the mean moves away from 0 (logvar = 0)", "x_label": "mu",
         "y_label": "KL", "xs": xs,
         "call": lambda module, x: float(module.kl_diag_gaussian(np.array([[x, 0.0], [1.0, 0.0]]),
                                                                 np.zeros((2, 2)))[0])},
        {"name": "logvar", "title": "KL as the log-variance moves away from 0 (mu = 0)", "x_label": "logvar",
         "y_label": "KL", "xs": xs,
         "call": lambda module, x: float(module.kl_diag_gaussian(np.zeros((1, 2)), np.array([[x, 0.0]]))[0])},
        {"name": "inputs_changed", "only_when_apart": True,
         "title": "Input entries changed by the call (must stay 0)", "x_label": "mu",
         "y_label": "entries changed", "xs": xs, "call": _changed},
    ]
