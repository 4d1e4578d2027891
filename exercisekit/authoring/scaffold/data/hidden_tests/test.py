"""Hidden tests for `__SLUG__`. REPLACE them with tests of your problem.

Files in hidden_tests/__SLUG__/data/ are beside the learner's code when it runs (open them by
their plain name there); the tests open them relative to this file.
"""
from pathlib import Path

import numpy as np
from __SLUG__ import column_means, data

ROWS = np.loadtxt(Path(__file__).parent / "data" / "measurements.csv", delimiter=",")


def test_reads_the_file():
    assert data is not None, "data is not defined: read measurements.csv with np.loadtxt"
    np.testing.assert_array_equal(data, ROWS, err_msg="data should hold the rows of measurements.csv")


def test_column_means():
    assert column_means is not None, "column_means is not defined"
    assert np.shape(column_means) == (ROWS.shape[1],), \
        f"expected one mean per column, shape ({ROWS.shape[1]},); got shape {np.shape(column_means)}"
    np.testing.assert_allclose(column_means, ROWS.mean(axis=0), err_msg="column_means is not the mean of each column")
