"""Adds sigma without the noise eps.

Explanation: Your result does not change with eps: it looks like you added the standard
deviation itself instead of sigma times the noise.
Hint: z = mu + sigma * eps, elementwise.
"""
import numpy as np


def reparameterize(mu, logvar, eps):
    return mu + np.exp(0.5 * logvar)
