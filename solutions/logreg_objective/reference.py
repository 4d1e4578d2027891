def logreg_objective(w, b, X, y, C):
    w, X, y = np.asarray(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    z = X @ w + b
    signs = 2.0 * y - 1.0
    loss = 0.5 * w @ w + C * np.sum(np.logaddexp(0.0, -signs * z))
    p = sigmoid(z)   # given (given_code.py)
    residual = p - y
    return float(loss), w + C * (X.T @ residual), float(C * np.sum(residual))
