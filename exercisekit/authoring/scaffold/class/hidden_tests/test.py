"""Hidden tests for `__SLUG__`. REPLACE them with tests of your problem."""
import math

from __SLUG__ import RunningMean


def test_fresh_object():
    m = RunningMean()
    m.update([7.0])
    fresh = RunningMean()
    assert fresh.count == 0, f"a new RunningMean should have count 0, got {fresh.count}"
    assert m.count == 1, f"after one value, count should be 1, got {m.count}"


def test_one_batch():
    m = RunningMean()
    m.update([1.0, 2.0, 3.0])
    assert m.count == 3 and math.isclose(m.mean, 2.0), f"after [1, 2, 3]: expected count 3, mean 2; got {m.count}, {m.mean}"


def test_batches_of_different_sizes():
    m = RunningMean()
    m.update([1.0, 2.0, 3.0])
    m.update([4.0, 5.0])
    assert math.isclose(m.mean, 3.0), f"after [1, 2, 3] then [4, 5]: expected mean 3 (of all 5 values), got {m.mean}"
