import numpy as np

data = None  # your code here: read measurements.csv
column_means = None  # your code here
