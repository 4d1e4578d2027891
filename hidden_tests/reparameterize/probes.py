"""Probe inputs that tell the known mistakes of `reparameterize` apart. `observe` also
reports how many input entries the call changed, which names a solution that works in place."""
import math

import numpy as np


def probes():
    rng = np.random.default_rng(21)
    return [{"mu": rng.normal(size=(3, 2)), "logvar": rng.normal(size=(3, 2)), "eps": rng.normal(size=(3, 2))}
            for _ in range(2)]


def changed_entries(before, after):
    """How many entries of the input arrays differ after the call."""
    return sum(int(np.sum(np.asarray(before[name]) != np.asarray(after[name]))) for name in before)


def observe(module, probe):
    before = {name: np.array(value, copy=True) for name, value in probe.items()}
    z = module.reparameterize(**probe)
    return {"z": z, "inputs_changed": changed_entries(before, probe)}


MU, VAR = 1.0, 0.25   # the target N(1, 0.25): standard deviation 0.5


def _samples(module):
    eps = np.random.default_rng(5).standard_normal((4000, 1))
    return module.reparameterize(np.full((4000, 1), MU), np.full((4000, 1), math.log(VAR)), eps)


def _one(e):
    return {"mu": np.array([[MU]]), "logvar": np.array([[math.log(VAR)]]), "eps": np.array([[e]])}


def _changed(module, e):
    inputs = _one(e)
    before = {name: value.copy() for name, value in inputs.items()}
    module.reparameterize(**inputs)
    return changed_entries(before, inputs)


def sweeps():
    """4000 samples of z for mu = 1, sigma^2 = 0.25 and a seeded batch of noise, against the
    density of N(1, 0.25); z against the noise eps (the line 1 + 0.5 eps); and the number of
    input entries a call changes (always 0)."""
    es = [round(-3.0 + 0.15 * i, 2) for i in range(41)]
    sd = math.sqrt(VAR)
    return [
        {"name": "samples", "kind": "histogram", "title": "Samples of z for mu = 1, sigma^2 = 0.25, against N(1, 0.25)",
         "x_label": "z", "y_label": "density", "bins": 40, "range": [-1.0, 3.0], "call": _samples,
         "density": lambda z: math.exp(-0.5 * ((z - MU) / sd) ** 2) / (sd * math.sqrt(2 * math.pi))},
        {"name": "eps", "title": "z against the given noise eps (mu = 1, sigma^2 = 0.25)", "x_label": "eps",
         "y_label": "z", "xs": es, "call": lambda module, e: float(np.ravel(module.reparameterize(**_one(e)))[0])},
        {"name": "inputs_changed", "only_when_apart": True,
         "title": "Input entries changed by the call (must stay 0)", "x_label": "eps",
         "y_label": "entries changed", "xs": es, "call": _changed},
    ]
