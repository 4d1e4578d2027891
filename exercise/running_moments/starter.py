import numpy as np


class RunningMoments:
    """Running per-feature mean and population variance over a
    stream of batches.

    rm = RunningMoments(d)
    rm.update(batch)   # batch: array of shape (N, d), any N >= 1
    rm.count           # rows seen so far (0 before any update)
    rm.mean, rm.var    # arrays of shape (d,): moments of every row
                       # seen so far
    """

    def __init__(self, num_features):
        # Your code here: the state the updates need.
        raise NotImplementedError("__init__ is not written yet")

    def update(self, batch):
        """Merge a batch of shape (N, d) into the moments."""
        raise NotImplementedError("update is not written yet")

    @property
    def count(self):
        raise NotImplementedError("count is not written yet")

    @property
    def mean(self):
        raise NotImplementedError("mean is not written yet")

    @property
    def var(self):
        raise NotImplementedError("var is not written yet")
