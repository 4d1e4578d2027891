"""Computes squared distances as |z|^2 - 2 z.e + |e|^2, which cancels catastrophically far from the origin.

Explanation: Your nearest codes are right for small vectors but wrong when z_e and the codes
sit far from the origin (around 1e8 in the tests): |z|^2 and |e|^2 are then about 1e16,
where float64 steps are 2 apart, and their difference loses every digit of the true distance.
Hint: subtract first, then square: np.sum((z_e[:, None, :] - codebook[None, :, :]) ** 2, axis=2).
"""
import numpy as np


def vector_quantize(z_e, codebook, grad_z_q, beta=0.25):
    z_e = np.asarray(z_e, dtype=np.float64)
    codebook = np.asarray(codebook, dtype=np.float64)
    grad_z_q = np.asarray(grad_z_q, dtype=np.float64)
    n = z_e.shape[0]
    distances = np.sum(z_e**2, axis=1)[:, None] - 2.0 * z_e @ codebook.T + np.sum(codebook**2, axis=1)[None, :]   # (N, K)
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
