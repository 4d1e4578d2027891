import numpy as np


def annealed_beta(step, warmup_steps, beta_max):
    """Linear warm-up from 0 to beta_max, then constant."""
    if warmup_steps <= 0:
        return float(beta_max)
    return float(beta_max) * min(1.0, step / warmup_steps)


def beta_vae_annealed_loss(x, x_recon, mu, logvar, step, warmup_steps, beta_max):
    """Summed squared error plus the annealed-weight Gaussian KL, batch mean."""
    x, x_recon, mu, logvar = (np.asarray(a, dtype=np.float64) for a in (x, x_recon, mu, logvar))
    recon = np.sum((x - x_recon) ** 2, axis=1)
    kl = -0.5 * np.sum(1.0 + logvar - mu**2 - np.exp(logvar), axis=1)
    return float(np.mean(recon + annealed_beta(step, warmup_steps, beta_max) * kl))
