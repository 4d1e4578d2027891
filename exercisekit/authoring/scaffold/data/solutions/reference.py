# REPLACE with your reference solution. It never ships to learners.
import numpy as np

data = np.loadtxt("measurements.csv", delimiter=",")
column_means = data.mean(axis=0)
