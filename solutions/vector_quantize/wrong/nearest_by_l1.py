"""Picks the nearest code by absolute (L1) distance instead of squared distance.

Explanation: Your codes are chosen by the sum of absolute differences. The VQ-VAE's
codebook and commitment losses are squared distances, so the code that minimises them is the
one nearest in squared (Euclidean) distance; the two choices differ off the axes.
Hint: distances = np.sum((z_e[:, None, :] - codebook[None, :, :]) ** 2, axis=2).
"""
import numpy as np


def vector_quantize(z_e, codebook, grad_z_q, beta=0.25):
    z_e = np.asarray(z_e, dtype=np.float64)
    codebook = np.asarray(codebook, dtype=np.float64)
    grad_z_q = np.asarray(grad_z_q, dtype=np.float64)
    n = z_e.shape[0]
    distances = np.sum(np.abs(z_e[:, None, :] - codebook[None, :, :]), axis=2)   # (N, K)
    indices = np.argmin(distances, axis=1)
    z_q = codebook[indices]
    gap = z_e - z_q
    mean_sq = float(np.sum(gap**2) / n)
    grad_codebook = np.zeros_like(codebook)
    np.add.at(grad_codebook, indices, -2.0 * gap / n)
    return {
        "indices": indices,
        "z_q": z_q,
        "codebook_loss": mean_sq,
        "commitment_loss": beta * mean_sq,
        "grad_z_e": grad_z_q + 2.0 * beta * gap / n,
        "grad_codebook": grad_codebook,
    }
