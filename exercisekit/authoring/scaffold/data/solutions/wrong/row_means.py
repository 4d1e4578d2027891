"""Averages along the rows instead of down the columns.

Explanation: axis=1 gives one mean per row (per measurement); the question asks for one per
column (per quantity), which is axis=0.
Hint: data.mean(axis=0).
"""
# REPLACE with real mistakes learners make, one file each: check proves the tests catch them.
import numpy as np

data = np.loadtxt("measurements.csv", delimiter=",")
column_means = data.mean(axis=1)
