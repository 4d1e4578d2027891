"""Averages the batches' means, whatever their sizes.

Explanation: a batch of two values then counts as much as a batch of three: your mean is
the mean of the batch means, not of every value.
Hint: keep a running sum of the values and divide it by the running count.
"""
# REPLACE with real mistakes learners make, one file each: check proves the tests catch them.
import numpy as np


class RunningMean:
    def __init__(self):
        self.count = 0
        self.mean = 0.0
        self.batches = 0

    def update(self, batch):
        batch = np.asarray(batch, dtype=np.float64)
        self.count += batch.size
        self.batches += 1
        self.mean += (float(batch.mean()) - self.mean) / self.batches
