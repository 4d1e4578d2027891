"""An images sweep's `before` row (issue 34): the same images before any training, shipped
beside the inputs so a capstone's plot shows what training changed; checked like `inputs`."""
from __future__ import annotations

import numpy as np

from exercisekit.runtime.sweeps import describe, problems

IMAGES = {"name": "pictures", "kind": "images", "title": "doubled images", "shape": [2, 2], "count": 2,
          "inputs": np.linspace(0.0, 0.4, 8), "call": lambda module: None}


def test_before_ships_flattened_and_is_left_out_when_absent():
    assert "before" not in describe(dict(IMAGES))
    shipped = describe({**IMAGES, "before": np.array([[0.5, np.nan], [1.0, 0.0], [0.25, 0.25], [0.0, 1.0]])})
    assert shipped["before"] == [0.5, "nan", 1.0, 0.0, 0.25, 0.25, 0.0, 1.0]


def test_a_before_row_of_the_wrong_size_is_named_with_the_fix():
    found = problems([{**IMAGES, "before": np.zeros(5)}])
    assert any("`before` has 5 values, not 2 images of 2x2" in message for message, _ in found), found
    assert any("give `before` the same count and shape" in fix for _, fix in found)
    assert problems([{**IMAGES, "before": np.zeros(8)}]) == []
