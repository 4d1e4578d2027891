"""Averages the log-weights: computes the ELBO, not the IWAE bound.

Explanation: Your result is the mean of the log-weights, which is the ordinary ELBO. The IWAE
bound averages the weights themselves inside the log, which is larger unless all weights are equal.
Hint: log of the mean of exp(log_w), not the mean of log_w.
"""
import numpy as np


def iwae_bound(log_w):
    return float(np.mean(log_w))
