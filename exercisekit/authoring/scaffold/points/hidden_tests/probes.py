"""Probe inputs: the learner's function runs on these to name a known mistake."""
import numpy as np


def probes():
    return [{"y_true": np.array([1.0, 2.0, 3.0]), "y_pred": np.array([1.0, 2.0, 5.0])}]
