"""Divides by count - 1 (the sample variance) instead of count.

Explanation: Your variance is a factor n / (n - 1) too large: you computed the unbiased
sample variance (np.var with ddof=1). The running statistics here are the population
variance of every row seen, as np.var(all_rows, axis=0) gives by default, and after a
single row the variance is 0, not undefined.
Hint: var = M2 / count.
"""
import numpy as np


class RunningMoments:
    def __init__(self, num_features):
        self._count = 0
        self._mean = np.zeros(num_features)
        self._m2 = np.zeros(num_features)

    def update(self, batch):
        batch = np.asarray(batch, dtype=np.float64)
        n_b = batch.shape[0]
        mean_b = batch.mean(axis=0)
        m2_b = np.sum((batch - mean_b) ** 2, axis=0)
        n = self._count + n_b
        delta = mean_b - self._mean
        self._mean = self._mean + delta * n_b / n
        self._m2 = self._m2 + m2_b + delta**2 * self._count * n_b / n
        self._count = n

    @property
    def count(self):
        return self._count

    @property
    def mean(self):
        return self._mean.copy()

    @property
    def var(self):
        if self._count < 2:
            return np.zeros_like(self._m2)
        return self._m2 / (self._count - 1)
