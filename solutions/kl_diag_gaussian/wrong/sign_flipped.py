"""Returns the negative of the KL.

Explanation: Your values are negative where the KL is positive: it looks like the sign is
flipped, as happens when the -1/2 form, -1/2 * sum(1 + logvar - mu^2 - sigma^2), loses its minus.
Hint: the KL is never negative; check the sign in front of the sum.
"""
import numpy as np


def kl_diag_gaussian(mu, logvar):
    return -0.5 * np.sum(np.exp(logvar) + mu**2 - 1.0 - logvar, axis=1)
