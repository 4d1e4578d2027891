# The names you are given: they exist before your first line runs.
import numpy as np

values = np.array([2.0, 4.0, 9.0])
