"""Adds the codebook gradient with grad[indices] += ..., which keeps one input per code.

Explanation: Your codebook gradient counts only one of the inputs that chose the same code:
with fancy indexing, grad[indices] += values writes each repeated index once (the last value
wins) instead of adding them up. In a real batch many inputs share a code, so its gradient
is too small.
Hint: accumulate with np.add.at(grad_codebook, indices, values), or sum per code with a loop or np.bincount.
"""
import numpy as np


def vector_quantize(z_e, codebook, grad_z_q, beta=0.25):
    z_e = np.asarray(z_e, dtype=np.float64)
    codebook = np.asarray(codebook, dtype=np.float64)
    grad_z_q = np.asarray(grad_z_q, dtype=np.float64)
    n = z_e.shape[0]
    distances = np.sum((z_e[:, None, :] - codebook[None, :, :]) ** 2, axis=2)   # (N, K)
    indices = np.argmin(distances, axis=1)
    z_q = codebook[indices]
    gap = z_e - z_q
    mean_sq = float(np.sum(gap**2) / n)
    grad_codebook = np.zeros_like(codebook)
    grad_codebook[indices] += -2.0 * gap / n
    return {
        "indices": indices,
        "z_q": z_q,
        "codebook_loss": mean_sq,
        "commitment_loss": beta * mean_sq,
        "grad_z_e": grad_z_q + 2.0 * beta * gap / n,
        "grad_codebook": grad_codebook,
    }
