import numpy as np


def beta_vae_annealed_loss(x, x_recon, mu, logvar, step,
                           warmup_steps, beta_max):
    """beta-VAE loss with a linear KL warm-up, averaged over the
    batch.

    Args:
        x, x_recon: arrays of shape (N, d).
        mu, logvar: arrays of shape (N, k).
        step: current training step (int >= 0).
        warmup_steps: steps over which beta grows from 0 to beta_max
            (int >= 0; 0 = no warm-up).
        beta_max: final KL weight (float >= 0).

    Returns:
        A Python float: mean over the batch of (summed squared error
        + beta * KL).
    """
    # Your code here.
    raise NotImplementedError("not written yet")
