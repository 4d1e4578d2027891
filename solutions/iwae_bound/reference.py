import numpy as np


def iwae_bound(log_w):
    """Stable log-mean-exp over the samples, then the mean over the batch."""
    log_w = np.asarray(log_w, dtype=np.float64)
    m = np.max(log_w, axis=1, keepdims=True)
    log_mean = m[:, 0] + np.log(np.sum(np.exp(log_w - m), axis=1)) - np.log(log_w.shape[1])
    return float(np.mean(log_mean))
