# REPLACE with your reference solution. It never ships to learners.
import numpy as np

total = float(np.sum(values))
mean = total / len(values)
