"""Probe inputs that tell the known mistakes of `beta_vae_annealed_loss` apart: one step at
0, one mid-ramp and one far past the warm-up."""
import numpy as np


def probes():
    rng = np.random.default_rng(41)
    batch = {"x": rng.normal(size=(3, 4)), "x_recon": rng.normal(size=(3, 4)),
             "mu": rng.normal(size=(3, 2)), "logvar": rng.normal(scale=0.5, size=(3, 2))}
    return [{**batch, "step": step, "warmup_steps": 10, "beta_max": 2.0} for step in (0, 3, 25)]
