"""Scales the noise by the variance exp(logvar) instead of the standard deviation.

Explanation: Your samples spread too widely when sigma > 1 and too little when sigma < 1:
it looks like you multiplied eps by exp(logvar), the variance, instead of its square root.
Hint: sigma = exp(logvar / 2).
"""
import numpy as np


def reparameterize(mu, logvar, eps):
    return mu + np.exp(logvar) * eps
