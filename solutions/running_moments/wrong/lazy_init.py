"""Creates mean and var only at the first update, so a new object has none.

Explanation: Your moments are right after the first batch, but before any update `mean` and
`var` are None instead of zeros of shape (d,). The number of features is known from the
constructor, so the state can be created there; code that reads the moments of an empty
stream (to log them, or to normalise with defaults) then works.
Hint: in __init__, set the mean and M2 to np.zeros(num_features) and the count to 0.
"""
import numpy as np


class RunningMoments:
    def __init__(self, num_features):
        self.count = 0
        self.mean = None
        self.var = None
        self._m2 = None

    def update(self, batch):
        batch = np.asarray(batch, dtype=np.float64)
        n_b = batch.shape[0]
        mean_b = batch.mean(axis=0)
        m2_b = np.sum((batch - mean_b) ** 2, axis=0)
        if self.mean is None:
            self.count, self.mean, self._m2 = n_b, mean_b, m2_b
        else:
            n = self.count + n_b
            delta = mean_b - self.mean
            self.mean = self.mean + delta * n_b / n
            self._m2 = self._m2 + m2_b + delta**2 * self.count * n_b / n
            self.count = n
        self.var = self._m2 / self.count
