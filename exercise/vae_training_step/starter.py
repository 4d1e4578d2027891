import numpy as np


def vae_training_step(params, x, eps):
    """Loss and gradients of one training step of a linear Gaussian
    VAE.

    Args:
        params: dict of arrays, d features and k latent dimensions:
            the encoder: "W_mu" (d, k), "b_mu" (k,), "W_lv" (d, k),
                "b_lv" (k,)
            the decoder: "W_dec" (k, d), "b_dec" (d,)
        x: array of shape (N, d), the batch.
        eps: array of shape (N, k), the standard-normal noise for z.

    Returns:
        (loss, grads): the loss as a Python float, and a dict with
        the same keys as params holding d loss / d parameter, each
        of that parameter's shape.
    """
    # Your code here.
    raise NotImplementedError("not written yet")
