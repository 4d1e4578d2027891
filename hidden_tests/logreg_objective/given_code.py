import numpy as np


def sigmoid(z):
    """The logistic function 1 / (1 + e^-z), without overflow for large |z| (an earlier step)."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))
