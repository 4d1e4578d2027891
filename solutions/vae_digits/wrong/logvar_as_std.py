"""Uses logvar itself as the standard deviation: z = mu + logvar * eps.

Explanation: Your z scales the noise by the encoder's log-variance instead of the standard
deviation exp(logvar / 2), as if that output were sigma. The KL term still reads it as a
log-variance, and it costs least at logvar = 0, which your z turns into no noise at all: nothing
stops the encoder from dropping the noise, and codes with little noise need not fill the prior.
So the loss you compute is not the negative ELBO the statement defines, and neither are its
gradients.
Hint: std = exp(0.5 * logvar), z = mu + std * eps, and d z / d logvar = eps * std / 2.
"""
import numpy as np

NAMES = ("W_enc", "b_enc", "W_mu", "b_mu", "W_lv", "b_lv", "W_hid", "b_hid", "W_out", "b_out")


def vae_loss_and_grads(params, x, eps):
    """Negative ELBO of a one-hidden-layer VAE with a Bernoulli decoder, and its gradients."""
    x = np.asarray(x, dtype=np.float64)
    eps = np.asarray(eps, dtype=np.float64)
    p = {name: np.asarray(params[name], dtype=np.float64) for name in NAMES}
    n = x.shape[0]
    h1 = np.tanh(x @ p["W_enc"] + p["b_enc"])
    mu = h1 @ p["W_mu"] + p["b_mu"]
    logvar = h1 @ p["W_lv"] + p["b_lv"]
    z = mu + logvar * eps
    h2 = np.tanh(z @ p["W_hid"] + p["b_hid"])
    logits = h2 @ p["W_out"] + p["b_out"]
    # Bernoulli negative log-likelihood from logits, stable for large |logits|.
    recon = np.sum(np.logaddexp(0.0, logits) - x * logits, axis=1)
    kl = 0.5 * np.sum(np.exp(logvar) + mu**2 - 1.0 - logvar, axis=1)
    loss = float(np.mean(recon + kl))

    d_logits = (0.5 * (1.0 + np.tanh(0.5 * logits)) - x) / n   # sigmoid(logits) - x, batch mean
    d_a2 = (d_logits @ p["W_out"].T) * (1.0 - h2**2)
    d_z = d_a2 @ p["W_hid"].T
    d_mu = d_z + mu / n
    d_logvar = d_z * eps + 0.5 * (np.exp(logvar) - 1.0) / n
    d_a1 = (d_mu @ p["W_mu"].T + d_logvar @ p["W_lv"].T) * (1.0 - h1**2)
    grads = {
        "W_enc": x.T @ d_a1, "b_enc": d_a1.sum(axis=0),
        "W_mu": h1.T @ d_mu, "b_mu": d_mu.sum(axis=0),
        "W_lv": h1.T @ d_logvar, "b_lv": d_logvar.sum(axis=0),
        "W_hid": z.T @ d_a2, "b_hid": d_a2.sum(axis=0),
        "W_out": h2.T @ d_logits, "b_out": d_logits.sum(axis=0),
    }
    return loss, grads
