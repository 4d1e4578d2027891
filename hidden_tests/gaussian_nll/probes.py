"""Probe inputs that tell the known mistakes of `gaussian_nll` apart: batches of different
sizes (sum versus mean over the batch), several features (sum versus mean over features),
and log-variances away from 0 (where exp(logvar), logvar, sigma and sigma^2 all differ).
Log-variances keep |logvar| >= 0.3 so that dividing by logvar itself stays finite. The last
probe sits at the stated end logvar = -50 with errors of 1e-9, where the density itself
underflows to 0. `observe` also reports how many input entries the call changed."""
import numpy as np


def probes():
    rng = np.random.default_rng(314)
    cases = []
    for n, d in ((3, 4), (2, 5), (1, 2)):
        sign = rng.choice([-1.0, 1.0], size=(n, d))
        cases.append({
            "x": rng.normal(size=(n, d)),
            "mu": rng.normal(size=(n, d)),
            "logvar": sign * rng.uniform(0.3, 1.5, size=(n, d)),
        })
    x = rng.normal(size=(2, 3))
    cases.append({"x": x, "mu": x + 1e-9 * rng.uniform(0.5, 2.0, size=(2, 3)), "logvar": np.full((2, 3), -50.0)})
    return cases


def changed_entries(before, after):
    """How many entries of the input arrays differ after the call."""
    return sum(int(np.sum(np.asarray(before[name]) != np.asarray(after[name]))) for name in before)


def observe(module, probe):
    before = {name: np.array(value, copy=True) for name, value in probe.items()}
    nll = module.gaussian_nll(**probe)
    return {"nll": nll, "inputs_changed": changed_entries(before, probe)}


def _by_logvar(lv, error):
    """Two identical examples of two identical features, each off by `error`, with log-variance lv."""
    x = np.array([[1.0, -0.5], [1.0, -0.5]])
    return {"x": x, "mu": x - error, "logvar": np.full((2, 2), float(lv))}


def _changed(module, lv):
    inputs = _by_logvar(lv, 2.0)
    before = {name: value.copy() for name, value in inputs.items()}
    module.gaussian_nll(**inputs)
    return changed_entries(before, inputs)


def sweeps():
    """The NLL against the log-variance for an error of 2 on each of 2 features (smallest at
    logvar = log 4, the squared error); the NLL of an error of 1e-9 as the log-variance goes
    down to its stated end -50 (large and finite: the density underflows, its log must not);
    and the input entries a call changes."""
    lvs = [round(-1.0 + 0.125 * i, 3) for i in range(41)]
    tiny = [float(v) for v in range(-50, -29)]
    return [
        {"name": "logvar", "title": "NLL against the log-variance, error 2 on each of 2 features",
         "x_label": "logvar", "y_label": "NLL", "xs": lvs,
         "call": lambda module, lv: float(module.gaussian_nll(**_by_logvar(lv, 2.0)))},
        {"name": "tiny_variance", "title": "NLL of an error of 1e-9 as the variance shrinks to e^-50",
         "x_label": "logvar", "y_label": "NLL", "xs": tiny,
         "call": lambda module, lv: float(module.gaussian_nll(**_by_logvar(lv, 1e-9)))},
        {"name": "inputs_changed", "only_when_apart": True,
         "title": "Input entries changed by the call (must stay 0)",
         "x_label": "logvar", "y_label": "entries changed", "xs": lvs, "call": _changed},
    ]
