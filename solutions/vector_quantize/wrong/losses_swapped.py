"""Puts beta on the codebook loss instead of the commitment loss.

Explanation: Your codebook loss is beta times the squared distance and your commitment loss
is the plain one, and the gradients follow: the encoder is pulled to its code with weight 1
and the codes move with weight beta. The VQ-VAE does the opposite: the codebook term moves
the codes at full strength, and beta (0.25) only gently commits the encoder.
Hint: codebook_loss = mean squared distance (its gradient goes to the codebook); commitment_loss = beta * the same (its gradient goes to z_e).
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
    np.add.at(grad_codebook, indices, -2.0 * beta * gap / n)
    return {
        "indices": indices,
        "z_q": z_q,
        "codebook_loss": beta * mean_sq,
        "commitment_loss": mean_sq,
        "grad_z_e": grad_z_q + 2.0 * gap / n,
        "grad_codebook": grad_codebook,
    }
