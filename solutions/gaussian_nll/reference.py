import numpy as np


def gaussian_nll(x, mu, logvar):
    """Per feature 0.5 * (log 2 pi + logvar + (x - mu)^2 / exp(logvar)); summed over features,
    averaged over the batch. Multiplying by exp(-logvar) avoids a division."""
    x, mu, logvar = (np.asarray(a, dtype=np.float64) for a in (x, mu, logvar))
    per_feature = 0.5 * (np.log(2.0 * np.pi) + logvar + (x - mu) ** 2 * np.exp(-logvar))
    return float(np.mean(np.sum(per_feature, axis=1)))
