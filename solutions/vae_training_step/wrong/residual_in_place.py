"""Computes the residual in place, overwriting the caller's x.

Explanation: `diff = x` does not copy the array, so `diff -= x_hat` writes x - x_hat into the
caller's data. Your encoder's weight gradients, computed from x after that, are then wrong,
and a training loop that calls you again on the same batch trains on residuals instead of data.
Hint: write diff = x_hat - x (a new array); never use -= or += on an input.
"""
import numpy as np


def vae_training_step(params, x, eps):
    eps = np.asarray(eps, dtype=np.float64)
    W_mu, b_mu, W_lv, b_lv, W_dec, b_dec = (np.asarray(params[name], dtype=np.float64)
                                            for name in ("W_mu", "b_mu", "W_lv", "b_lv", "W_dec", "b_dec"))
    n = x.shape[0]
    mu = x @ W_mu + b_mu
    logvar = x @ W_lv + b_lv
    std = np.exp(0.5 * logvar)
    z = mu + std * eps
    x_hat = z @ W_dec + b_dec
    diff = x
    diff -= x_hat
    loss = float(np.mean(np.sum(diff**2, axis=1) + 0.5 * np.sum(np.exp(logvar) + mu**2 - 1.0 - logvar, axis=1)))

    d_xhat = -2.0 * diff / n
    d_z = d_xhat @ W_dec.T
    d_mu = d_z + mu / n
    d_logvar = d_z * eps * 0.5 * std + 0.5 * (np.exp(logvar) - 1.0) / n
    grads = {
        "W_mu": x.T @ d_mu, "b_mu": d_mu.sum(axis=0),
        "W_lv": x.T @ d_logvar, "b_lv": d_logvar.sum(axis=0),
        "W_dec": z.T @ d_xhat, "b_dec": d_xhat.sum(axis=0),
    }
    return loss, grads
