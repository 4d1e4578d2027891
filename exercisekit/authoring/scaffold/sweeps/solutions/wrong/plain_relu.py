"""Sets negative inputs to 0: a plain ReLU, without the leak.

Explanation: the negative side should keep a small slope, slope * x; your output is flat
at 0 there.
Hint: np.where(x > 0, x, slope * x).
"""
# REPLACE with real mistakes learners make, one file each: check proves the tests catch them.
import numpy as np


def __SLUG__(x, slope=0.1):
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)
