"""The sweeps' maths on literal inputs, for every kind (line, histogram, images, scatter):
curves, what ships of a declaration, and when two curves visibly part. `check`'s use of
them on real problems is in tests/legs/test_sweeps.py."""
from __future__ import annotations

import math

import numpy as np

from exercisekit.runtime.sweeps import apart, compare, curve, describe, point, problems, where_apart


def test_curves_keep_non_finite_values_and_errors_per_point():
    module = type("M", (), {"f": staticmethod(lambda x: 1.0 / x if x else math.inf)})
    sweep = {"name": "s", "title": "t", "x_label": "x", "y_label": "y", "xs": [-1.0, 0.0, 1.0, 2.0],
             "call": lambda m, x: m.f(x) if x < 2 else m.missing(x)}
    found = curve(module, sweep)
    assert found["ys"] == [-1.0, "inf", 1.0, None]
    assert found["errors"] == [{"x": 2.0, "message": "AttributeError: type object 'M' has no attribute 'missing'"}]


def test_histogram_sweeps_describe_bins_and_the_target_density():
    sweep = {"name": "z", "title": "t", "x_label": "z", "y_label": "density", "kind": "histogram", "bins": 4,
             "range": [-2.0, 2.0], "density": lambda x: 0.25, "call": lambda m: [-1.5, -0.5, 0.5, 0.6]}
    shown = describe(sweep)
    assert shown["xs"] == [-1.5, -0.5, 0.5, 1.5] and shown["target"] == [0.25] * 4
    assert curve(None, sweep)["ys"] == [0.25, 0.25, 0.5, 0.0]


def test_apart_and_where_use_a_visible_share_of_the_reference_range():
    reference = [0.0, 1.0, 2.0, 3.0, 4.0]
    assert not apart([0.0, 1.0, 2.0, 3.0, 4.05], reference)       # 1.25 % of the range: unseen
    assert apart([0.0, 1.0, 2.0, 3.0, 4.2], reference)            # 5 %: seen
    assert apart([0.0, 1.0, "nan", 3.0, 4.0], reference)          # a gap is seen too
    assert where_apart([0, 1, 2, 3, 4], [0.0, 1.5, 2.0, "inf", 4.0], reference) == [1, 3]
    assert point(float("nan")) == "nan" and point(2) == 2.0


def test_an_output_of_the_wrong_shape_is_one_error_naming_the_expected_shape():
    sweep = {"name": "p", "title": "t", "kind": "images", "shape": [8, 8], "count": 10, "call": lambda m: np.zeros((3, 64))}
    found = curve(None, sweep)
    assert found["ys"] == [None] * 640
    assert found["errors"] == [{"x": None, "message": "ValueError: got an array of shape (3, 64): expected 10 images "
                                                      "of 8x8 pixels"}]
    points = {"name": "s", "title": "t", "kind": "scatter", "x_label": "a", "y_label": "b", "labels": [0, 1],
              "call": lambda m: np.array([[1.0, 2.0], [np.inf, -np.nan]])}
    assert curve(None, points) == {"ys": [1.0, 2.0, "inf", "nan"], "errors": []}


def test_images_compare_per_image_with_distances_as_a_share_of_the_range():
    shipped = {"kind": "images", "shape": [1, 2], "count": 3, "range": [0.0, 2.0],
               "reference": {"ys": [0.0, 2.0, 1.0, 1.0, 0.0, 0.0], "errors": []}}
    found = compare(shipped, {"ys": [0.0, 2.0, 1.5, 0.5, "nan", 0.0], "errors": []})
    assert found["parts_at"] == [1, 2]           # image 1 is the reference's; image 3 has a nan
    assert found["distances"] == [0.0, 0.25, None]
    # 1% of the range is not visible: the image matches.
    assert compare(shipped, {"ys": [0.02, 2.0, 1.0, 1.0, 0.0, 0.0], "errors": []})["parts_at"] == []


def test_scatter_compares_points_and_summarises_each_label_in_numeric_order():
    shipped = {"kind": "scatter", "labels": ["10", "2", "10"],
               "reference": {"ys": [0.0, 0.0, 1.0, 1.0, 2.0, 2.0], "errors": []}}
    found = compare(shipped, {"ys": [0.0, 0.0, 1.0, 1.0, "nan", 4.0], "errors": []})
    assert found["parts_at"] == [2]
    assert found["summary"] == [{"label": "2", "count": 1, "finite": 1, "mean": [1.0, 1.0]},
                                {"label": "10", "count": 2, "finite": 1, "mean": [0.0, 0.0]}]
    assert found["reference_summary"][1] == {"label": "10", "count": 2, "finite": 2, "mean": [1.0, 1.0]}


def test_declaration_problems_of_each_kind():
    line = {"name": "a", "title": "t", "x_label": "x", "y_label": "y", "xs": [1.0], "call": lambda m, x: x}
    histogram = {"name": "b", "title": "t", "x_label": "x", "y_label": "y", "kind": "histogram", "bins": 0,
                 "range": [1, 0], "density": 3, "call": lambda m: []}
    images = {"name": "c", "title": "t", "kind": "images", "shape": [8], "count": 3, "call": lambda m: []}
    more = {"name": "c", "title": "t", "kind": "images", "shape": [2, 2], "count": 2, "inputs": [0.0] * 3,
            "captions": ["one"], "call": lambda m: []}
    found = [message for message, _ in problems([line, histogram, images, more, "sweep"])]
    assert found == ["sweep `a`: `xs` has fewer than 2 values",
                     "sweep `b`: `bins` is not a positive whole number",
                     "sweep `b`: `range` is not [lo, hi] with lo < hi",
                     "sweep `b`: `density` is not a function",
                     "sweep `c`: `shape` is not [rows, cols]",
                     "sweep `c` appears twice",
                     "sweep `c`: `inputs` has 3 values, not 2 images of 2x2",
                     "sweep `c`: `captions` is not a list of 2 texts",
                     "sweep 5 is a str, not a dict"]
    assert problems([{**line, "xs": [0.0, 1.0]}]) == []
