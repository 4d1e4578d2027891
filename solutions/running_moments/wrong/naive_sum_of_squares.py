"""Computes the variance as E[x^2] - E[x]^2 from running sums.

Explanation: Your variance is right for small numbers and garbage for data far from zero:
with values around 1e8, x^2 is around 1e16, where float64 numbers are 2 apart, so the
difference of two such sums loses every digit of a variance of 0.01 (it can even come out
negative). The formula is exact on paper and unstable in floating point.
Hint: keep the mean and M2, the sum of squared deviations from the mean; for each batch
compute them around the batch's own mean, then merge: delta = mean_b - mean,
M2 += M2_b + delta^2 * n_a * n_b / n.
"""
import numpy as np


class RunningMoments:
    def __init__(self, num_features):
        self.count = 0
        self._sum = np.zeros(num_features)
        self._sum_sq = np.zeros(num_features)

    def update(self, batch):
        batch = np.asarray(batch, dtype=np.float64)
        self.count += batch.shape[0]
        self._sum += batch.sum(axis=0)
        self._sum_sq += (batch**2).sum(axis=0)

    @property
    def mean(self):
        if self.count == 0:
            return np.zeros_like(self._sum)
        return self._sum / self.count

    @property
    def var(self):
        if self.count == 0:
            return np.zeros_like(self._sum)
        return self._sum_sq / self.count - self.mean**2
