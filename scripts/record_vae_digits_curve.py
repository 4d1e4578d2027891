"""Record the reference's held-out curve of the capstone `vae_digits` for its hidden tests.

The hidden test trains the learner's `vae_loss_and_grads` with hidden_tests/vae_digits/training.py
and compares the held-out negative ELBO after every epoch with the reference's, trained the
same way (same seed, same data, same noise). Tests never import the reference, so its curve
is recorded here, at authoring time, into hidden_tests/vae_digits/reference_curve.json.
Rerun this after changing training.py or the reference:

    .venv/bin/python scripts/record_vae_digits_curve.py

tests/unit/test_vae_digits_curve.py fails while the recorded curve and a fresh training
disagree, naming this script.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from exercisekit.runtime.probing import load_module

ROOT = Path(__file__).resolve().parent.parent
PROBLEM = ROOT / "hidden_tests" / "vae_digits"
DEFAULT_OUT = PROBLEM / "reference_curve.json"
REFERENCE = ROOT / "solutions" / "vae_digits" / "reference.py"
# Rounded so that the file reads well; the tests' tolerance (0.05 nats) is far wider.
DIGITS = 6


def reference_curve() -> dict:
    """The reference's held-out negative ELBO per epoch (0 = before training), as the tests read it."""
    training = load_module(str(PROBLEM / "training.py"), "vae_digits_training")
    reference = load_module(str(REFERENCE), "vae_digits_reference")
    _, history = training.train(reference.vae_loss_and_grads, training.EPOCHS)
    return {"epochs": training.EPOCHS, "held_out": [round(float(value), DIGITS) for value in history]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"where to write (default {DEFAULT_OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    curve = reference_curve()
    args.out.write_text(json.dumps(curve, indent=1) + "\n")
    held_out = curve["held_out"]
    print(f"wrote {args.out}: {curve['epochs']} epochs, held-out negative ELBO {held_out[0]} -> {held_out[-1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
