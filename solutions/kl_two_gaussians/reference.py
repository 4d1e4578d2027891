import numpy as np


def kl_two_gaussians(mu_q, logvar_q, mu_p, logvar_p):
    """Closed-form KL between diagonal Gaussians, per row, in log-variance form.

    The variance ratio is exp(logvar_q - logvar_p) and the mean gap is scaled by
    exp(-logvar_p), so no variance is formed on its own: equal huge (or tiny) variances
    on both sides would overflow (or underflow) alone and give inf / inf.
    """
    mu_q, logvar_q, mu_p, logvar_p = (np.asarray(a, dtype=np.float64) for a in (mu_q, logvar_q, mu_p, logvar_p))
    gap = mu_q - mu_p
    # gap**2 * exp(-logvar_p) is 0 when the gap is 0, even where exp(-logvar_p) overflows.
    with np.errstate(over="ignore", invalid="ignore"):
        mean_term = np.where(gap == 0.0, 0.0, gap**2 * np.exp(-logvar_p))
    per_dim = logvar_p - logvar_q + np.exp(logvar_q - logvar_p) + mean_term - 1.0
    return 0.5 * np.sum(per_dim, axis=1)
