"""Stops the decoder's gradient at the quantiser: grad_z_e has only the commitment term.

Explanation: Your encoder receives only the commitment loss's pull, 2 beta (z_e - z_q) / N.
Choosing the nearest code has no useful derivative, so the VQ-VAE copies the decoder's
gradient d L / d z_q straight through to z_e, as if z_q were z_e. Without it the encoder
never learns from the reconstruction.
Hint: grad_z_e = grad_z_q + 2 * beta * (z_e - z_q) / N.
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
    np.add.at(grad_codebook, indices, -2.0 * gap / n)
    return {
        "indices": indices,
        "z_q": z_q,
        "codebook_loss": mean_sq,
        "commitment_loss": beta * mean_sq,
        "grad_z_e": 2.0 * beta * gap / n,
        "grad_codebook": grad_codebook,
    }
