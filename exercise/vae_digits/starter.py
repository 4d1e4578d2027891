import numpy as np  # noqa: F401  (the learner's code uses it)


def vae_loss_and_grads(params, x, eps):
    """Negative ELBO of a small VAE on a batch, and its gradient for
    every parameter.

    Args:
        params: dict of arrays; d pixels, h hidden units, k latent
            dimensions:
            "W_enc" (d, h), "b_enc" (h,)  encoder hidden layer, tanh
            "W_mu" (h, k), "b_mu" (k,)    mean of q(z|x)
            "W_lv" (h, k), "b_lv" (k,)    log-variance of q(z|x)
            "W_hid" (k, h), "b_hid" (h,)  decoder hidden layer, tanh
            "W_out" (h, d), "b_out" (d,)  decoder output logits
        x: array of shape (N, d), pixels in [0, 1].
        eps: array of shape (N, k), the standard-normal noise for z.

    Returns:
        (loss, grads): the batch mean of (Bernoulli negative
        log-likelihood + KL) as a Python float, and a dict with the
        same keys as params holding d loss / d parameter.
    """
    # Your code here.
    raise NotImplementedError("not written yet")
