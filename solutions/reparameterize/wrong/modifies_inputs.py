"""Adds the scaled noise to mu in place, changing the caller's array.

Explanation: Your z is right, but the caller's `mu` now holds z as well: `z = mu` does not
copy the array, so `z += ...` writes into mu. The encoder's output is silently replaced by
the sample, and the KL computed from mu afterwards is wrong.
Hint: z = mu + np.exp(0.5 * logvar) * eps builds a new array.
"""
import numpy as np


def reparameterize(mu, logvar, eps):
    z = mu
    z += np.exp(0.5 * logvar) * eps
    return z
