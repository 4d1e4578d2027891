"""Sums the squared errors instead of averaging them.

Explanation: your loss grows with the number of examples: it is n times the mean.
Hint: use np.mean, not np.sum.
"""
# REPLACE with real mistakes learners make, one file each: check proves the tests catch them.
import numpy as np


def __SLUG__(y_true, y_pred):
    diff = np.asarray(y_true, dtype=np.float64) - np.asarray(y_pred, dtype=np.float64)
    return float(np.sum(diff**2))
