"""Treats the sampled z as a constant: no gradient reaches the encoder through z.

Explanation: Your encoder gradients contain only the KL term: nothing flows back from the
reconstruction through z = mu + exp(logvar / 2) * eps into mu and logvar. That is exactly what
the reparameterization trick is for: z is a differentiable function of mu and logvar, so
d loss / d mu gets d loss / d z, and d loss / d logvar gets d loss / d z * eps * exp(logvar / 2) / 2.
Without it the encoder never learns to encode anything.
Hint: d_z = d_xhat @ W_dec.T; add d_z to d_mu and d_z * eps * 0.5 * std to d_logvar.
"""
import numpy as np


def vae_training_step(params, x, eps):
    x = np.asarray(x, dtype=np.float64)
    eps = np.asarray(eps, dtype=np.float64)
    W_mu, b_mu, W_lv, b_lv, W_dec, b_dec = (np.asarray(params[name], dtype=np.float64)
                                            for name in ("W_mu", "b_mu", "W_lv", "b_lv", "W_dec", "b_dec"))
    n = x.shape[0]
    mu = x @ W_mu + b_mu
    logvar = x @ W_lv + b_lv
    std = np.exp(0.5 * logvar)
    z = mu + std * eps
    x_hat = z @ W_dec + b_dec
    diff = x_hat - x
    loss = float(np.mean(np.sum(diff**2, axis=1) + 0.5 * np.sum(np.exp(logvar) + mu**2 - 1.0 - logvar, axis=1)))

    d_xhat = 2.0 * diff / n
    d_mu = mu / n
    d_logvar = 0.5 * (np.exp(logvar) - 1.0) / n
    grads = {
        "W_mu": x.T @ d_mu, "b_mu": d_mu.sum(axis=0),
        "W_lv": x.T @ d_logvar, "b_lv": d_logvar.sum(axis=0),
        "W_dec": z.T @ d_xhat, "b_dec": d_xhat.sum(axis=0),
    }
    return loss, grads
