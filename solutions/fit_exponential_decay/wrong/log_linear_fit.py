"""Fits a straight line to log(y) instead of fitting the curve to y.

Explanation: Your parameters fit the logarithm of the data, not the data: a straight line
through log(y) weighs the small, noisy values near the tail as much as the large ones, so
with noise it lands elsewhere than the least-squares fit, and a value at or below zero
has no logarithm at all.
Hint: fit the model A * exp(-k * t) to y itself with scipy.optimize.curve_fit.
"""
import numpy as np


def fit_exponential_decay(t, y):
    t, y = np.asarray(t, dtype=float), np.asarray(y, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope, intercept = np.polyfit(t, np.log(y), 1)
    return float(np.exp(intercept)), float(-slope)
