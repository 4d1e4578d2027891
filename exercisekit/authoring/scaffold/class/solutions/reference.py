# REPLACE with your reference solution. It never ships to learners.
import numpy as np


class RunningMean:
    def __init__(self):
        self.count = 0
        self.mean = 0.0
        self.total = 0.0

    def update(self, batch):
        batch = np.asarray(batch, dtype=np.float64)
        self.count += batch.size
        self.total += float(batch.sum())
        self.mean = self.total / self.count
