"""The step updates w in place, so the given weights are lost.

Explanation: `w -= alpha * grad` changes the array the caller handed you; code after yours
(and the tests) no longer see the weights the step started from.
Hint: write w_new = w - alpha * grad, which makes a new array.
"""
import numpy as np

data = np.loadtxt("points.csv", delimiter=",")
X, y = data[:, :-1], data[:, -1]

grad = X.T @ (X @ w - y) / len(y)
w -= alpha * grad
w_new = w
