import numpy as np


class RunningMoments:
    """Running per-feature mean and population variance, merged batch by batch with the
    parallel update of Chan, Golub and LeVeque: each batch's mean and sum of squared
    deviations (M2) are computed around the batch's own mean, then combined with the
    running ones. No sum of squares of the raw values is ever formed."""

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
        self._mean = self._mean + delta * (n_b / n)
        self._m2 = self._m2 + m2_b + delta**2 * (self._count * n_b / n)
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
