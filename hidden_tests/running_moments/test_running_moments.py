"""Hidden tests for `RunningMoments`, in two styles: a unittest.TestCase that streams the
batches of `batches.json` (stored beside this file, with their exact moments computed with
rational arithmetic), and pytest functions whose expected values come from plain loops with
math.fsum (a two-pass oracle independent of numpy)."""
import json
import math
import unittest
from pathlib import Path

import numpy as np
import pytest
from running_moments import RunningMoments

DATA = Path(__file__).parent / "batches.json"


def two_pass(rows):
    """Count, per-feature mean and population variance of a list of rows, with math.fsum."""
    n = len(rows)
    columns = list(zip(*rows))
    means = [math.fsum(col) / n for col in columns]
    variances = [math.fsum((v - m) ** 2 for v in col) / n for col, m in zip(columns, means)]
    return n, means, variances


class TestRunningMoments(unittest.TestCase):
    def setUp(self):
        data = json.loads(DATA.read_text(encoding="utf-8"))
        self.d = data["num_features"]
        self.batches = [np.array(b, dtype=np.float64) for b in data["batches"]]
        self.after = data["after_each_batch"]
        self.sizes = [len(b) for b in self.batches]

    def assertVectorClose(self, got, want, what):
        got = np.asarray(got, dtype=np.float64)
        self.assertEqual(got.shape, (len(want),), f"{what}: expected an array of shape ({len(want)},), got shape {got.shape}")
        for j, (g, w) in enumerate(zip(got.tolist(), want)):
            with self.subTest(feature=j):
                self.assertAlmostEqual(g, w, delta=1e-9 * max(1.0, abs(w)),
                                       msg=f"{what}, feature {j}: expected {w:.10g}, got {g:.10g}")

    def test_fresh_object_is_empty(self):
        rm = RunningMoments(self.d)
        self.assertEqual(rm.count, 0, f"before any update: expected count 0, got {rm.count}")
        self.assertVectorClose(rm.mean, [0.0] * self.d, "mean before any update")
        self.assertVectorClose(rm.var, [0.0] * self.d, "var before any update")

    def test_first_batch_population_moments(self):
        rm = RunningMoments(self.d)
        rm.update(self.batches[0])
        want = self.after[0]
        what = f"after one batch of {self.sizes[0]} rows"
        self.assertVectorClose(rm.mean, want["mean"], f"mean {what}")
        self.assertVectorClose(rm.var, want["var"], f"population variance (divide by {self.sizes[0]}) {what}")

    def test_count_is_number_of_rows(self):
        rm = RunningMoments(self.d)
        for k, batch in enumerate(self.batches):
            rm.update(batch)
            with self.subTest(batch=k):
                self.assertEqual(rm.count, self.after[k]["count"],
                                 f"after batches of sizes {self.sizes[:k + 1]}: expected count "
                                 f"{self.after[k]['count']} (rows, not batches), got {rm.count}")

    def test_moments_after_each_batch(self):
        rm = RunningMoments(self.d)
        for k, batch in enumerate(self.batches):
            rm.update(batch)
            what = f"after batches of sizes {self.sizes[:k + 1]} (all rows seen so far)"
            with self.subTest(batch=k):
                self.assertVectorClose(rm.mean, self.after[k]["mean"], f"mean {what}")
                self.assertVectorClose(rm.var, self.after[k]["var"], f"var {what}")

    def test_one_row_at_a_time(self):
        rm = RunningMoments(self.d)
        for batch in self.batches:
            for row in batch:
                rm.update(row.reshape(1, self.d))
        what = f"the same {sum(self.sizes)} rows fed one at a time (batches of shape (1, {self.d}))"
        self.assertEqual(rm.count, self.after[-1]["count"], f"count of {what}: got {rm.count}")
        self.assertVectorClose(rm.mean, self.after[-1]["mean"], f"mean of {what}")
        self.assertVectorClose(rm.var, self.after[-1]["var"], f"var of {what}")

    def test_whole_stream_in_one_batch(self):
        rm = RunningMoments(self.d)
        rm.update(np.concatenate(self.batches))
        what = f"all {sum(self.sizes)} rows in a single batch"
        self.assertVectorClose(rm.mean, self.after[-1]["mean"], f"mean of {what}")
        self.assertVectorClose(rm.var, self.after[-1]["var"], f"var of {what}")


def test_large_offset_keeps_precision():
    # Values 1e8 + noise of std 0.1: x^2 is near 1e16, where float64 numbers are 2 apart,
    # so E[x^2] - E[x]^2 cannot resolve a variance of 0.01.
    rng = np.random.default_rng(8)
    batches = [1e8 + rng.normal(scale=0.1, size=(n, 2)) for n in (5, 1, 12, 3, 8, 20)]
    rm = RunningMoments(2)
    for batch in batches:
        rm.update(batch)
    _, means, variances = two_pass(np.concatenate(batches).tolist())
    got_mean, got_var = np.asarray(rm.mean, dtype=np.float64), np.asarray(rm.var, dtype=np.float64)
    assert got_var.shape == (2,), f"var: expected shape (2,), got {got_var.shape}"
    for j in range(2):
        assert abs(got_mean[j] - means[j]) <= 1e-6, (
            f"1e8 + noise, feature {j}: expected mean 1e8 + {means[j] - 1e8:.9f}, got 1e8 + {got_mean[j] - 1e8:.9f}")
        assert math.isclose(got_var[j], variances[j], rel_tol=1e-5), (
            f"1e8 + noise of std 0.1, feature {j}: expected var {variances[j]:.8g}, got {got_var[j]:.8g}. "
            f"E[x^2] - E[x]^2 subtracts two numbers near 1e16 and loses every digit: merge means and "
            f"sums of squared deviations instead (Chan et al.)")


@pytest.mark.parametrize("d,seed", [(1, 31), (4, 32)])
def test_random_stream_matches_two_pass(d, seed):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 10, size=8).tolist()
    batches = [rng.normal(3.0, 2.0, size=(n, d)) for n in sizes]
    rm = RunningMoments(d)
    seen = []
    for k, batch in enumerate(batches):
        rm.update(batch)
        seen.extend(batch.tolist())
        count, means, variances = two_pass(seen)
        what = f"d={d}, after batches of sizes {sizes[:k + 1]}"
        assert rm.count == count, f"{what}: expected count {count}, got {rm.count}"
        assert np.allclose(rm.mean, means, rtol=1e-9, atol=1e-12), f"{what}: expected mean {means}, got {rm.mean}"
        assert np.allclose(rm.var, variances, rtol=1e-9, atol=1e-12), f"{what}: expected var {variances}, got {rm.var}"


def test_mean_and_var_are_arrays_of_shape_d():
    rm = RunningMoments(5)
    rm.update(np.arange(15.0).reshape(3, 5))
    for name in ("mean", "var"):
        value = getattr(rm, name)
        assert isinstance(value, np.ndarray), f"`{name}` should be a numpy array, got {type(value).__name__}"
        assert value.shape == (5,), f"`{name}` for 5 features should have shape (5,), got {value.shape}"


def test_batches_not_modified():
    rng = np.random.default_rng(41)
    batches = [rng.normal(size=(n, 3)) for n in (4, 2)]
    copies = [b.copy() for b in batches]
    rm = RunningMoments(3)
    for batch in batches:
        rm.update(batch)
    for k, (before, after) in enumerate(zip(copies, batches)):
        assert np.array_equal(before, after), f"update changed batch {k} it was given (work on a copy)"
