import numpy as np

data = np.loadtxt("points.csv", delimiter=",")
X, y = data[:, :-1], data[:, -1]

grad = X.T @ (X @ w - y) / len(y)
w_new = w - alpha * grad
