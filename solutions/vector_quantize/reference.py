import numpy as np


def vector_quantize(z_e, codebook, grad_z_q, beta=0.25):
    """The vector-quantisation step of a VQ-VAE: nearest codes, both losses, both gradients.

    Distances come from the differences themselves, not from |z|^2 - 2 z.e + |e|^2, which
    cancels catastrophically when the vectors sit far from the origin.
    """
    z_e = np.asarray(z_e, dtype=np.float64)
    codebook = np.asarray(codebook, dtype=np.float64)
    grad_z_q = np.asarray(grad_z_q, dtype=np.float64)
    n = z_e.shape[0]
    distances = np.sum((z_e[:, None, :] - codebook[None, :, :]) ** 2, axis=2)   # (N, K)
    indices = np.argmin(distances, axis=1)                                      # ties: lowest index
    z_q = codebook[indices]
    gap = z_e - z_q
    mean_sq = float(np.sum(gap**2) / n)
    grad_codebook = np.zeros_like(codebook)
    # np.add.at accumulates over repeated indices; grad[indices] += ... would keep only one.
    np.add.at(grad_codebook, indices, -2.0 * gap / n)
    return {
        "indices": indices,
        "z_q": z_q,
        "codebook_loss": mean_sq,
        "commitment_loss": beta * mean_sq,
        "grad_z_e": grad_z_q + 2.0 * beta * gap / n,   # straight through, plus the commitment's pull
        "grad_codebook": grad_codebook,
    }
