import numpy as np


def reparameterize(mu, logvar, eps):
    """Shift and scale the given standard-normal noise."""
    return np.asarray(mu, dtype=np.float64) + np.exp(0.5 * np.asarray(logvar, dtype=np.float64)) * eps
