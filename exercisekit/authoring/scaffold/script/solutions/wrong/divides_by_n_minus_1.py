"""Divides the total by n - 1 instead of n.

Explanation: the mean divides by how many values there are; n - 1 belongs to the sample
variance, not to the mean.
Hint: divide by len(values).
"""
# REPLACE with real mistakes learners make, one file each: check proves the tests catch them.
import numpy as np

total = float(np.sum(values))
mean = total / (len(values) - 1)
