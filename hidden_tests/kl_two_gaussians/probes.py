"""Probes and sweeps for `kl_two_gaussians`. The random probes have priors far from N(0, I)
(so the terms that N(0, I) hides are visible) and an extreme probe names the solution that
forms each variance with its own exp."""
import numpy as np


def probes():
    rng = np.random.default_rng(31)
    cases = [{"mu_q": rng.normal(size=(n, k)), "logvar_q": rng.normal(scale=0.7, size=(n, k)),
              "mu_p": rng.normal(size=(n, k)), "logvar_p": 1.0 + rng.normal(scale=0.7, size=(n, k))}
             for n, k in ((3, 4), (2, 2))]
    cases.append({"mu_q": np.array([[1.0, 0.0]]), "logvar_q": np.array([[800.0, -800.0]]),
                  "mu_p": np.array([[0.0, 0.0]]), "logvar_p": np.array([[800.0, -800.0]])})
    return cases


def observe(module, probe):
    """The KL of each row, with values that are not finite reported apart (as a 0 in `kl`
    and a 1 in `not_finite`): probe outputs travel as JSON, which has no NaN."""
    with np.errstate(all="ignore"):
        kl = np.asarray(module.kl_two_gaussians(**{name: np.array(value, copy=True) for name, value in probe.items()}),
                        dtype=float)
    finite = np.isfinite(kl)
    return {"kl": np.where(finite, kl, 0.0), "not_finite": (~finite).astype(int)}


def one_dim(module, mu_q, logvar_q, mu_p, logvar_p):
    with np.errstate(all="ignore"):
        return float(np.asarray(module.kl_two_gaussians(np.array([[mu_q]]), np.array([[logvar_q]]),
                                                        np.array([[mu_p]]), np.array([[logvar_p]])))[0])


def sweeps():
    """One latent dimension. The prior N(0, e^2) is fixed while the posterior's mean moves
    (a parabola of curvature 1/(2 e^2), minimum at the prior's mean), or its log-variance
    moves (minimum 0 at logvar_q = logvar_p = 2); then both log-variances move together
    (the KL stays 1/2 e^-s for a gap of 1, and must stay finite up to 1000)."""
    mus = [round(-4.0 + 0.2 * i, 2) for i in range(41)]
    lvs = [round(-2.0 + 0.15 * i, 2) for i in range(41)]
    shared = [float(25 * i) for i in range(41)]
    return [
        {"name": "mu_q", "title": "KL as the posterior's mean moves (prior N(0, e^2), posterior variance 1)",
         "x_label": "mu_q", "y_label": "KL", "xs": mus,
         "call": lambda module, x: one_dim(module, x, 0.0, 0.0, 2.0)},
        {"name": "logvar_q", "title": "KL as the posterior's log-variance moves (prior N(0.5, e^2), mu_q = 0.5)",
         "x_label": "logvar_q", "y_label": "KL", "xs": lvs,
         "call": lambda module, x: one_dim(module, 0.5, x, 0.5, 2.0)},
        {"name": "shared_logvar", "title": "KL for equal log-variances s on both sides, means 1 apart",
         "x_label": "s (both log-variances)", "y_label": "KL", "xs": shared,
         "call": lambda module, x: one_dim(module, 1.0, x, 0.0, x)},
    ]
