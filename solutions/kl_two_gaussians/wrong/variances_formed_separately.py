"""Forms each variance with its own exp and divides them: inf / inf and 0 / 0 at extreme log-variances.

Explanation: Your formula is right, but it computes exp(logvar_q) / exp(logvar_p). For
log-variances beyond about 709 each exp overflows to inf, and below about -745 each
underflows to 0, so two equal, extreme Gaussians give nan instead of 0. Encoders and learned
priors do reach such values early in training, and one nan spreads through every gradient.
Hint: take the difference first, np.exp(logvar_q - logvar_p), and scale the squared gap by np.exp(-logvar_p) only where the gap is not 0.
"""
import numpy as np


def kl_two_gaussians(mu_q, logvar_q, mu_p, logvar_p):
    mu_q, logvar_q, mu_p, logvar_p = (np.asarray(a, dtype=np.float64) for a in (mu_q, logvar_q, mu_p, logvar_p))
    var_q, var_p = np.exp(logvar_q), np.exp(logvar_p)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        per_dim = logvar_p - logvar_q + (var_q + (mu_q - mu_p) ** 2) / var_p - 1.0
    return 0.5 * np.sum(per_dim, axis=1)
