# REPLACE with your reference solution. It never ships to learners.
import numpy as np


def __SLUG__(y_true, y_pred):
    diff = np.asarray(y_true, dtype=np.float64) - np.asarray(y_pred, dtype=np.float64)
    return float(np.mean(diff**2))
