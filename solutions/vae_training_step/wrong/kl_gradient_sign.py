"""Gives the KL's gradient the wrong sign.

Explanation: Your encoder gradients push mu away from 0 and logvar away from 0: the KL term's
contribution enters with the wrong sign, as happens when the -1/2 * sum(1 + logvar - mu^2 -
exp(logvar)) form loses its minus while differentiating. Gradient descent with it drives the
posterior away from the prior, and the KL grows without bound.
Hint: KL = 1/2 * sum(exp(logvar) + mu^2 - 1 - logvar), so d KL / d mu = mu and
d KL / d logvar = (exp(logvar) - 1) / 2, each divided by N for the batch mean.
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
    d_mu = d_z - mu / n
    d_logvar = d_z * eps * 0.5 * std - 0.5 * (np.exp(logvar) - 1.0) / n
    grads = {
        "W_mu": x.T @ d_mu, "b_mu": d_mu.sum(axis=0),
        "W_lv": x.T @ d_logvar, "b_lv": d_logvar.sum(axis=0),
        "W_dec": z.T @ d_xhat, "b_dec": d_xhat.sum(axis=0),
    }
    return loss, grads
