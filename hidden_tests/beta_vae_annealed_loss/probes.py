"""Probe inputs that tell the known mistakes of `beta_vae_annealed_loss` apart: one step at
0, one mid-ramp, one far past the warm-up, and step 0 without a warm-up."""
import numpy as np


def probes():
    rng = np.random.default_rng(41)
    batch = {"x": rng.normal(size=(3, 4)), "x_recon": rng.normal(size=(3, 4)),
             "mu": rng.normal(size=(3, 2)), "logvar": rng.normal(scale=0.5, size=(3, 2))}
    cases = [{**batch, "step": step, "warmup_steps": 10, "beta_max": 2.0} for step in (0, 3, 25)]
    return cases + [{**batch, "step": 0, "warmup_steps": 0, "beta_max": 2.0}]


def _beta(module, step, warmup_steps):
    """The loss of an example reconstructed perfectly whose KL is exactly 1 (mu = (1, 1),
    logvar = 0): the loss is beta itself."""
    x = np.array([[0.5, -1.0]])
    return float(module.beta_vae_annealed_loss(x, x.copy(), np.ones((1, 2)), np.zeros((1, 2)),
                                               int(step), warmup_steps, 2.0))


def sweeps():
    """beta over the training steps (read from the loss of an example with KL 1 and no
    reconstruction error): a ramp from 0 to 2 over 10 steps, then flat; and without a
    warm-up, 2 from the first step."""
    steps = list(range(0, 21))
    return [
        {"name": "warmup", "title": "KL weight beta over training steps (warm-up 10 steps, beta_max = 2)",
         "x_label": "training step", "y_label": "loss = beta (KL = 1, no reconstruction error)", "xs": steps,
         "call": lambda module, step: _beta(module, step, 10)},
        {"name": "no_warmup", "title": "KL weight beta without a warm-up (warmup_steps = 0, beta_max = 2)",
         "x_label": "training step", "y_label": "loss = beta (KL = 1, no reconstruction error)", "xs": steps,
         "call": lambda module, step: _beta(module, step, 0)},
    ]
