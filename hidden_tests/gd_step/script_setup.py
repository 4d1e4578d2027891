# The names you are given: they exist before your first line runs.
import numpy as np

w = np.array([0.5, -1.0])
alpha = 0.1
