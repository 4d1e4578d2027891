"""Hidden tests for the script problem `__SLUG__`. REPLACE them with tests of your problem.

The names the learner's lines define (and those script_setup.py gives) are imported from the
module `__SLUG__`. Every assertion carries a message: it is all the learner sees.
"""
import math

from __SLUG__ import mean, total


def test_total():
    assert total is not None and math.isclose(float(total), 15.0), f"values = [2, 4, 9]: expected total 15, got {total}"


def test_mean():
    assert mean is not None and math.isclose(float(mean), 5.0), f"values = [2, 4, 9]: expected mean 5, got {mean}"
