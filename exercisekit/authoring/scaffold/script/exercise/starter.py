import numpy as np

total = None  # your code here
mean = None  # your code here
