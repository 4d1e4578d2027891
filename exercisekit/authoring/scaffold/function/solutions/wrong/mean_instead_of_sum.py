"""Averages the squares instead of summing them.

Explanation: Your result is divided by the length of x: it looks like you took the mean of
the squares rather than their sum.
Hint: use np.sum, not np.mean.
"""
# REPLACE with real mistakes learners make, one file each: check proves the tests catch them.
import numpy as np


def __SLUG__(x):
    return float(np.mean(np.asarray(x, dtype=np.float64) ** 2))
