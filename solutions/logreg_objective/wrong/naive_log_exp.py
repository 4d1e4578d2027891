"""Computes log(1 + exp(m)) directly, which overflows for large margins.

Explanation: Your loss is inf for large margins: exp(m) overflows a float once m passes
about 709, and log(inf) is inf, although log(1 + exp(m)) is just about m there.
Hint: use np.logaddexp(0, m), which computes log(exp(0) + exp(m)) without overflow.
"""
def logreg_objective(w, b, X, y, C):
    w, X, y = np.asarray(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    z = X @ w + b
    signs = 2.0 * y - 1.0
    with np.errstate(over="ignore"):
        loss = 0.5 * w @ w + C * np.sum(np.log(1.0 + np.exp(-signs * z)))
    p = sigmoid(z)
    residual = p - y
    return float(loss), w + C * (X.T @ residual), float(C * np.sum(residual))
