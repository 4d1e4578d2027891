# REPLACE with your reference solution. It never ships to learners.
import numpy as np


def __SLUG__(x, slope=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, slope * x)
