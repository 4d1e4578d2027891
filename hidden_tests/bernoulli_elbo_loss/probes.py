"""Probe inputs that tell the known mistakes of `bernoulli_elbo_loss` apart; the first one
has exact 0 and 1 probabilities, where an unclipped log fails, and the last has targets
between 0 and 1. `observe` also reports how many input entries the call changed."""
import numpy as np


def probes():
    rng = np.random.default_rng(31)
    batches = []
    for n, d, k in ((2, 4, 2), (3, 3, 2)):
        batches.append({"x": (rng.random((n, d)) < 0.5).astype(float), "x_recon": rng.random((n, d)),
                        "mu": rng.normal(size=(n, k)), "logvar": rng.normal(scale=0.5, size=(n, k))})
    batches[0]["x_recon"][0, :2] = [0.0, 1.0]
    batches[0]["x"][0, :2] = [1.0, 0.0]
    batches.append({"x": rng.random((2, 3)), "x_recon": rng.random((2, 3)), "mu": rng.normal(size=(2, 2)),
                    "logvar": rng.normal(scale=0.5, size=(2, 2))})
    return batches


def changed_entries(before, after):
    """How many entries of the input arrays differ after the call."""
    return sum(int(np.sum(np.asarray(before[name]) != np.asarray(after[name]))) for name in before)


def observe(module, probe):
    before = {name: np.array(value, copy=True) for name, value in probe.items()}
    loss = module.bernoulli_elbo_loss(**probe)
    return {"loss": loss, "inputs_changed": changed_entries(before, probe)}


def _by_p(p):
    """A pixel of target 1 and one of target 0, both predicted p; mu = (1, 1) so the KL is 1."""
    return {"x": np.array([[1.0, 0.0]]), "x_recon": np.array([[p, p]]), "mu": np.ones((1, 2)),
            "logvar": np.zeros((1, 2))}


def _changed(module, p):
    inputs = _by_p(p)
    before = {name: value.copy() for name, value in inputs.items()}
    module.bernoulli_elbo_loss(**inputs)
    return changed_entries(before, inputs)


def sweeps():
    """The loss as p goes to 0 and to 1 (finite at both ends: -log(1e-7) + 1 = 17.1), the loss
    against a target between 0 and 1 (a straight line), and the input entries a call changes."""
    near = [0.0, 1e-9, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.03]
    middle = [round(0.05 * i, 2) for i in range(1, 20)]
    ps = near + middle + [1.0 - v for v in reversed(near)]
    ts = [round(0.05 * i, 2) for i in range(21)]
    zeros = np.zeros((1, 1))
    return [
        {"name": "p", "title": "Loss as the predicted probability p goes to 0 and 1 (targets 1 and 0, KL = 1)",
         "x_label": "predicted probability p", "y_label": "loss", "xs": ps,
         "call": lambda module, p: float(module.bernoulli_elbo_loss(**_by_p(p)))},
        {"name": "target", "title": "Loss against a target between 0 and 1 (p = 0.8, KL = 0)",
         "x_label": "target x", "y_label": "loss", "xs": ts,
         "call": lambda module, t: float(module.bernoulli_elbo_loss(np.array([[t]]), np.array([[0.8]]), zeros.copy(),
                                                                    zeros.copy()))},
        {"name": "inputs_changed", "only_when_apart": True,
         "title": "Input entries changed by the call (must stay 0)",
         "x_label": "predicted probability p", "y_label": "entries changed", "xs": ps, "call": _changed},
    ]
