"""Probe inputs that tell the known mistakes of `logreg_objective` apart: a nonzero
intercept (the penalised intercept), several examples (the mean), and one example far
past the margin (the overflow)."""
import numpy as np


def probes():
    rng = np.random.default_rng(23)
    X = rng.normal(size=(5, 3))
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    return [
        {"w": rng.normal(size=3), "b": 0.7, "X": X, "y": y, "C": 2.0},
        {"w": np.array([1.0, -1.0]), "b": 0.0, "X": np.array([[800.0, 0.0], [0.0, 1.0]]),
         "y": np.array([0.0, 1.0]), "C": 1.0},
    ]
