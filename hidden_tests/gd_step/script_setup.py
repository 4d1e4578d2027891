# Runs before the learner's code, in the same namespace: the given names.
import numpy as np

w = np.array([0.5, -1.0])
alpha = 0.1
