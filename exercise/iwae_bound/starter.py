import numpy as np


def iwae_bound(log_w):
    """Batch mean of log((1/K) * sum_k exp(log_w[:, k])), computed
    stably.

    Args:
        log_w: array of shape (N, K), log importance weights (can be
            as large as +-1000).

    Returns:
        A Python float.
    """
    # Your code here.
    raise NotImplementedError("iwae_bound is not written yet")
