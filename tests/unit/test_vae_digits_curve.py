"""Issue 34: the capstone's training test compares the learner's held-out curve with the
reference's, recorded in hidden_tests/vae_digits/reference_curve.json by
scripts/record_vae_digits_curve.py. These tests keep that record honest: it is what the
reference gives today, and a correct gradient that rounds differently stays far inside the
tolerance, so the test fails wrong gradients, never right ones."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from exercisekit.runtime.probing import load_module

ROOT = Path(__file__).resolve().parents[2]

record = load_module(str(ROOT / "scripts" / "record_vae_digits_curve.py"), "record_vae_digits_curve")
training = load_module(str(record.PROBLEM / "training.py"), "vae_digits_training_for_tests")
reference = load_module(str(record.REFERENCE), "vae_digits_reference_for_tests")
RECORDED = json.loads(record.DEFAULT_OUT.read_text())


def curve_of(step):
    return np.array(training.train(step, RECORDED["epochs"])[1])


def test_the_recorded_curve_is_the_reference_s_today():
    fresh = curve_of(reference.vae_loss_and_grads)
    assert RECORDED["epochs"] == training.EPOCHS, "the record is of another number of epochs"
    assert np.allclose(fresh, RECORDED["held_out"], rtol=0, atol=1e-4), (
        "hidden_tests/vae_digits/reference_curve.json is stale: rerun scripts/record_vae_digits_curve.py "
        f"(recorded {RECORDED['held_out'][:3]}..., fresh {np.round(fresh[:3], 6).tolist()}...)")


def test_a_correct_gradient_rounded_to_float32_retraces_the_curve_far_inside_the_tolerance():
    def rounded(params, x, eps):
        loss, grads = reference.vae_loss_and_grads(params, x, eps)
        return loss, {name: np.asarray(g, dtype=np.float32) for name, g in grads.items()}

    apart = np.max(np.abs(curve_of(rounded) - np.array(RECORDED["held_out"])))
    assert apart < training.CURVE_TOLERANCE / 10, f"float32 gradients moved the curve by {apart:.4f} nats"
