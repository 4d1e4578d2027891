"""Sums the NLL over the batch instead of averaging it.

Explanation: Your value grows with the batch size: it looks like you added up the NLL of
every example instead of taking their mean, so two copies of one example give twice its NLL.
Hint: sum over the features (axis=1), then take np.mean over the batch.
"""
import numpy as np


def gaussian_nll(x, mu, logvar):
    per_feature = 0.5 * (np.log(2 * np.pi) + logvar + (x - mu) ** 2 / np.exp(logvar))
    return float(np.sum(per_feature))
