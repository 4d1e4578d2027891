"""Probe inputs for naming a learner's mistake: small, seeded, and chosen so that the
reference and every known-wrong solution give different outputs. `observe` also reports
how many input entries the call changed, which names a solution that works in place."""
import numpy as np


def probes():
    rng = np.random.default_rng(2024)
    batches = []
    for n, d, k in ((3, 4, 2), (2, 3, 3), (1, 2, 2)):
        batches.append({
            "x": rng.normal(size=(n, d)),
            "x_recon": rng.normal(size=(n, d)),
            "mu": rng.normal(size=(n, k)),
            "logvar": rng.normal(scale=0.7, size=(n, k)),
        })
    return batches


def changed_entries(before, after):
    """How many entries of the input arrays differ after the call."""
    return sum(int(np.sum(np.asarray(before[name]) != np.asarray(after[name]))) for name in before)


def observe(module, probe):
    before = {name: np.array(value, copy=True) for name, value in probe.items()}
    loss = module.vae_elbo_loss(**probe)
    return {"loss": loss, "inputs_changed": changed_entries(before, probe)}


def _recon_batch(r):
    """Two examples, each reconstructed with error r on its first feature; the posterior is the prior."""
    zeros = np.zeros((2, 2))
    return {"x": zeros.copy(), "x_recon": np.array([[r, 0.0], [r, 0.0]]), "mu": zeros.copy(), "logvar": zeros.copy()}


def _changed(module, r):
    batch = _recon_batch(r)
    before = {name: value.copy() for name, value in batch.items()}
    module.vae_elbo_loss(**batch)
    return changed_entries(before, batch)


def sweeps():
    """The loss against the reconstruction error (a parabola r^2 through 0: the squared error
    of each example, averaged over a batch of two), against the latent mean (perfect
    reconstruction, variance 2 on that latent dimension: the KL, (mu^2 + 1 - log 2) / 2), and
    the number of input entries a call changes (always 0)."""
    rs = [round(-2.0 + 0.1 * i, 2) for i in range(41)]
    mus = [round(-3.0 + 0.15 * i, 2) for i in range(41)]
    log2 = float(np.log(2.0))

    def by_mu(module, m):
        zeros = np.zeros((2, 2))
        mu = np.array([[m, 0.0], [m, 0.0]])
        logvar = np.array([[log2, 0.0], [log2, 0.0]])
        return float(module.vae_elbo_loss(zeros, zeros.copy(), mu, logvar))

    return [
        {"name": "recon_error", "title": "Loss as the reconstruction error r grows (posterior = prior)",
         "x_label": "reconstruction error r on one feature", "y_label": "loss", "xs": rs,
         "call": lambda module, r: float(module.vae_elbo_loss(**_recon_batch(r)))},
        {"name": "mu", "title": "Loss as the latent mean moves away from 0 (perfect reconstruction, variance 2)",
         "x_label": "mu", "y_label": "loss", "xs": mus, "call": by_mu},
        {"name": "inputs_changed", "only_when_apart": True,
         "title": "Input entries changed by the call (must stay 0)",
         "x_label": "reconstruction error r on one feature", "y_label": "entries changed", "xs": rs,
         "call": _changed},
    ]
