import numpy as np

data = np.loadtxt("points.csv", delimiter=",")
X, y = data[:, :-1], data[:, -1]

grad = # your code here
w_new = # your code here
