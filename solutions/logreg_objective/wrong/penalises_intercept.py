"""Penalises the intercept too.

Explanation: Your loss is larger than it should be by b^2 / 2, and your grad_b by b: it
looks like the intercept is inside the penalty. scikit-learn's LogisticRegression leaves
the intercept unpenalised, so its fitted intercept differs from your minimiser's.
Hint: the penalty is 0.5 * w @ w only; b appears only inside the data term.
"""
def logreg_objective(w, b, X, y, C):
    w, X, y = np.asarray(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    z = X @ w + b
    signs = 2.0 * y - 1.0
    loss = 0.5 * (w @ w + b * b) + C * np.sum(np.logaddexp(0.0, -signs * z))
    p = sigmoid(z)
    residual = p - y
    return float(loss), w + C * (X.T @ residual), float(C * np.sum(residual) + b)
