"""Centres each batch in place (batch -= its mean), changing the caller's data.

Explanation: Your moments are right, but every batch you were given now has mean 0:
`batch -= mean_b` writes into the caller's array (np.asarray does not copy an array that is
already float64). The training loop that normalises and then trains on these batches sees
different data from the data you measured.
Hint: compute the deviations as a new array: m2_b = np.sum((batch - mean_b) ** 2, axis=0).
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
        batch -= mean_b
        m2_b = np.sum(batch**2, axis=0)
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
        if self._count == 0:
            return np.zeros_like(self._m2)
        return self._m2 / self._count
