import numpy as np


def vector_quantize(z_e, codebook, grad_z_q, beta=0.25):
    """Quantise encoder outputs to their nearest codes; the VQ-VAE's
    losses and gradients.

    Args:
        z_e: array of shape (N, D), the encoder's outputs.
        codebook: array of shape (K, D), the K code vectors.
        grad_z_q: array of shape (N, D), d(reconstruction loss) /
            d z_q from the decoder.
        beta: weight of the commitment loss.

    Returns:
        A dict with
            "indices" (N,) integer array, the nearest code of each
                row (ties: lowest index);
            "z_q" (N, D), the chosen codes;
            "codebook_loss" float, the mean over rows of
                |z_e - z_q|^2;
            "commitment_loss" float, beta times that;
            "grad_z_e" (N, D), the gradient passed to the encoder's
                output;
            "grad_codebook" (K, D), the gradient of the codebook
                loss for each code.
    """
    # Your code here.
    raise NotImplementedError("vector_quantize is not written yet")
