# numpy (as np) and sigmoid(z) are given: they run before this code.


def logreg_objective(w, b, X, y, C):
    """The L2-regularised logistic loss that scikit-learn's
    LogisticRegression(C=C) minimises.

    Args:
        w: array of shape (d,), the weights.
        b: float, the intercept.
        X: array of shape (n, d), one example per row.
        y: array of shape (n,), labels 0 or 1.
        C: float > 0, the inverse regularisation strength.

    Returns:
        (loss, grad_w, grad_b): the loss (a float), its gradient
        with respect to w (shape (d,)) and with respect to b (a
        float).
    """
    # Your code here.
    raise NotImplementedError("not written yet")
