"""Sums the loss over the batch instead of averaging it.

Explanation: Your loss and gradients are N times those of the batch mean: they grow with the
batch size. Adam, which the tests train with, divides every step by the gradient's running
size, so your model still trains as correct gradients train it; but the loss you report is N
times the negative ELBO per digit, and plain gradient descent with a rate set for the mean
would take steps 50 times too long and blow up.
Hint: take np.mean over the batch (axis 0) of reconstruction + KL, and divide every gradient
coming out of it by N.
"""
import numpy as np

NAMES = ("W_enc", "b_enc", "W_mu", "b_mu", "W_lv", "b_lv", "W_hid", "b_hid", "W_out", "b_out")


def vae_loss_and_grads(params, x, eps):
    """Negative ELBO of a one-hidden-layer VAE with a Bernoulli decoder, and its gradients."""
    x = np.asarray(x, dtype=np.float64)
    eps = np.asarray(eps, dtype=np.float64)
    p = {name: np.asarray(params[name], dtype=np.float64) for name in NAMES}
    h1 = np.tanh(x @ p["W_enc"] + p["b_enc"])
    mu = h1 @ p["W_mu"] + p["b_mu"]
    logvar = h1 @ p["W_lv"] + p["b_lv"]
    std = np.exp(0.5 * logvar)
    z = mu + std * eps
    h2 = np.tanh(z @ p["W_hid"] + p["b_hid"])
    logits = h2 @ p["W_out"] + p["b_out"]
    # Bernoulli negative log-likelihood from logits, stable for large |logits|.
    recon = np.sum(np.logaddexp(0.0, logits) - x * logits, axis=1)
    kl = 0.5 * np.sum(np.exp(logvar) + mu**2 - 1.0 - logvar, axis=1)
    loss = float(np.sum(recon + kl))

    d_logits = (0.5 * (1.0 + np.tanh(0.5 * logits)) - x)   # sigmoid(logits) - x, batch mean
    d_a2 = (d_logits @ p["W_out"].T) * (1.0 - h2**2)
    d_z = d_a2 @ p["W_hid"].T
    d_mu = d_z + mu
    d_logvar = d_z * eps * 0.5 * std + 0.5 * (np.exp(logvar) - 1.0)
    d_a1 = (d_mu @ p["W_mu"].T + d_logvar @ p["W_lv"].T) * (1.0 - h1**2)
    grads = {
        "W_enc": x.T @ d_a1, "b_enc": d_a1.sum(axis=0),
        "W_mu": h1.T @ d_mu, "b_mu": d_mu.sum(axis=0),
        "W_lv": h1.T @ d_logvar, "b_lv": d_logvar.sum(axis=0),
        "W_hid": z.T @ d_a2, "b_hid": d_a2.sum(axis=0),
        "W_out": h2.T @ d_logits, "b_out": d_logits.sum(axis=0),
    }
    return loss, grads
