import numpy as np


def kl_diag_gaussian(mu, logvar):
    """Closed-form KL of a diagonal Gaussian to the standard normal, per row."""
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    return 0.5 * np.sum(np.exp(logvar) + mu**2 - 1.0 - logvar, axis=1)
