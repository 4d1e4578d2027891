"""Differentiates exp(logvar / 2) as exp(logvar / 2), forgetting the inner 1/2.

Explanation: Your gradient for the log-variance parameters is off where it comes through z:
the derivative of std = exp(logvar / 2) with respect to logvar is std / 2, not std. The chain
rule's inner factor (the derivative of logvar / 2) is missing, so the reconstruction's pull on
logvar is twice too strong.
Hint: d_logvar gets d_z * eps * 0.5 * std from the sample, plus (exp(logvar) - 1) / (2N) from the KL.
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
    d_z = d_xhat @ W_dec.T
    d_mu = d_z + mu / n
    d_logvar = d_z * eps * std + 0.5 * (np.exp(logvar) - 1.0) / n
    grads = {
        "W_mu": x.T @ d_mu, "b_mu": d_mu.sum(axis=0),
        "W_lv": x.T @ d_logvar, "b_lv": d_logvar.sum(axis=0),
        "W_dec": z.T @ d_xhat, "b_dec": d_xhat.sum(axis=0),
    }
    return loss, grads
