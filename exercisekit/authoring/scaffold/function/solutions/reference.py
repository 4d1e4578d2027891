# REPLACE with your reference solution. It never ships to learners.
import numpy as np


def __SLUG__(x):
    x = np.asarray(x, dtype=np.float64)
    return float(np.sum(x**2))
