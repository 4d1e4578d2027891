import numpy as np


def vae_training_step(params, x, eps):
    """Forward pass of a linear Gaussian VAE, then backpropagation by hand."""
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
    recon = np.sum(diff**2, axis=1)
    kl = 0.5 * np.sum(np.exp(logvar) + mu**2 - 1.0 - logvar, axis=1)
    loss = float(np.mean(recon + kl))

    d_xhat = 2.0 * diff / n                      # d loss / d x_hat
    d_z = d_xhat @ W_dec.T                       # back through the decoder
    d_mu = d_z + mu / n                          # z = mu + std * eps, and the KL's mu^2 / 2
    d_logvar = d_z * eps * 0.5 * std + 0.5 * (np.exp(logvar) - 1.0) / n
    grads = {
        "W_mu": x.T @ d_mu, "b_mu": d_mu.sum(axis=0),
        "W_lv": x.T @ d_logvar, "b_lv": d_logvar.sum(axis=0),
        "W_dec": z.T @ d_xhat, "b_dec": d_xhat.sum(axis=0),
    }
    return loss, grads
