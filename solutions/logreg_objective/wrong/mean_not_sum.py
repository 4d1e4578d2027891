"""Averages the data term over the examples instead of summing it.

Explanation: Your data term is the sum divided by the number of examples: it looks like
you took a mean. With C fixed, that weakens the data against the penalty n-fold, so the
minimiser is not scikit-learn's.
Hint: scikit-learn's objective is 0.5 * w @ w + C * sum(...): a sum over the examples.
"""
def logreg_objective(w, b, X, y, C):
    w, X, y = np.asarray(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = len(y)
    z = X @ w + b
    signs = 2.0 * y - 1.0
    loss = 0.5 * w @ w + C * np.mean(np.logaddexp(0.0, -signs * z))
    p = sigmoid(z)
    residual = p - y
    return float(loss), w + C * (X.T @ residual) / n, float(C * np.sum(residual) / n)
