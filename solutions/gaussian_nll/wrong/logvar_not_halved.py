"""Uses logvar where log(sigma) = logvar / 2 belongs.

Explanation: Your log-variance term is twice too large: the density's normaliser is
1 / sqrt(2 pi sigma^2), whose log is -log(2 pi)/2 - log(sigma), and log(sigma) is logvar / 2,
not logvar. The error is visible as soon as logvar is not 0.
Hint: keep the 1/2 in front of the whole bracket: 0.5 * (log(2 pi) + logvar + (x - mu)^2 / exp(logvar)).
"""
import numpy as np


def gaussian_nll(x, mu, logvar):
    per_feature = 0.5 * np.log(2 * np.pi) + logvar + 0.5 * (x - mu) ** 2 / np.exp(logvar)
    return float(np.mean(np.sum(per_feature, axis=1)))
