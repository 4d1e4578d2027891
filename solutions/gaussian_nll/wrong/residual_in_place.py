"""Computes the residual in place, changing the caller's x.

Explanation: Your NLL is right, but afterwards the caller's `x` holds x - mu: `r = x` does not
copy the array, so `r -= mu` writes into the data. A decoder trained with this loss would
see its targets change under it.
Hint: r = x - mu builds a new array; never use -= on an input.
"""
import numpy as np


def gaussian_nll(x, mu, logvar):
    r = x
    r -= mu
    per_feature = 0.5 * (np.log(2 * np.pi) + logvar + r**2 * np.exp(-logvar))
    return float(np.mean(np.sum(per_feature, axis=1)))
