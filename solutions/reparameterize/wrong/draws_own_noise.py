"""Draws its own noise instead of using the given eps.

Explanation: Your z does not follow the eps you were given: it looks like you drew fresh
standard-normal numbers inside the function. The point of the trick is that the noise is an
input: the caller draws it (and can reuse it, seed it, or average over it), and z is a
deterministic, differentiable function of mu, logvar and eps.
Hint: use the eps argument; the function should contain no random number generator.
"""
import numpy as np


def reparameterize(mu, logvar, eps):
    rng = np.random.default_rng(0)
    noise = rng.standard_normal(np.shape(mu))
    return mu + np.exp(0.5 * logvar) * noise
