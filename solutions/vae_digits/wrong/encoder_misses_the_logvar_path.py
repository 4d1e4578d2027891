"""Backpropagates into the encoder's hidden layer only through mu, not through logvar.

Explanation: Your gradients for W_enc and b_enc differ from finite differences while every
other gradient agrees: the encoder's hidden layer h1 feeds both heads, mu and logvar, so the
error reaching it is the sum of what flows back through each; yours leaves out the logvar
head's share, d_logvar W_lv^T. Trained with it, the encoder learns a different model: the
held-out curve departs from the one correct gradients trace.
Hint: d_a1 = (d_mu @ W_mu.T + d_logvar @ W_lv.T) * (1 - h1**2): both heads send their error back.
"""
import numpy as np

NAMES = ("W_enc", "b_enc", "W_mu", "b_mu", "W_lv", "b_lv", "W_hid", "b_hid", "W_out", "b_out")


def vae_loss_and_grads(params, x, eps):
    x = np.asarray(x, dtype=np.float64)
    eps = np.asarray(eps, dtype=np.float64)
    p = {name: np.asarray(params[name], dtype=np.float64) for name in NAMES}
    n = x.shape[0]
    h1 = np.tanh(x @ p["W_enc"] + p["b_enc"])
    mu = h1 @ p["W_mu"] + p["b_mu"]
    logvar = h1 @ p["W_lv"] + p["b_lv"]
    std = np.exp(0.5 * logvar)
    z = mu + std * eps
    h2 = np.tanh(z @ p["W_hid"] + p["b_hid"])
    logits = h2 @ p["W_out"] + p["b_out"]
    recon = np.sum(np.logaddexp(0.0, logits) - x * logits, axis=1)
    kl = 0.5 * np.sum(np.exp(logvar) + mu**2 - 1.0 - logvar, axis=1)
    loss = float(np.mean(recon + kl))
    d_logits = (0.5 * (1.0 + np.tanh(0.5 * logits)) - x) / n
    d_a2 = (d_logits @ p["W_out"].T) * (1.0 - h2**2)
    d_z = d_a2 @ p["W_hid"].T
    d_mu = d_z + mu / n
    d_logvar = d_z * eps * 0.5 * std + 0.5 * (np.exp(logvar) - 1.0) / n
    d_a1 = (d_mu @ p["W_mu"].T) * (1.0 - h1**2)   # the mistake: no d_logvar @ W_lv.T
    grads = {
        "W_enc": x.T @ d_a1, "b_enc": d_a1.sum(axis=0),
        "W_mu": h1.T @ d_mu, "b_mu": d_mu.sum(axis=0),
        "W_lv": h1.T @ d_logvar, "b_lv": d_logvar.sum(axis=0),
        "W_hid": z.T @ d_a2, "b_hid": d_a2.sum(axis=0),
        "W_out": h2.T @ d_logits, "b_out": d_logits.sum(axis=0),
    }
    return loss, grads
