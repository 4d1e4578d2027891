"""Extract scikit-learn's 8x8 handwritten digits into a small data file for the hidden tests.

The digits are the test set of UCI's "Optical Recognition of Handwritten Digits" (Alpaydin
and Kaynak, 1998; CC BY 4.0), as scikit-learn ships them with `load_digits`. The project
does not depend on scikit-learn: run this once, at authoring time, with a Python that has
it, for instance a throwaway virtual environment:

    python3 -m venv /tmp/sk && /tmp/sk/bin/pip install scikit-learn
    /tmp/sk/bin/python scripts/extract_digits.py

It writes hidden_tests/vae_digits/digits.npz (uint8 `images` of shape (1797, 8, 8) with
pixels 0..16, uint8 `labels` 0..9) and prints its size and SHA-256 for the README.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "hidden_tests" / "vae_digits" / "digits.npz"
EXPECTED_COUNT = 1797


def load_from_scikit_learn() -> tuple[np.ndarray, np.ndarray, str]:
    """The digits as uint8 arrays, checked against what the dataset's description promises."""
    try:
        import sklearn
        from sklearn.datasets import load_digits
    except ImportError as exc:
        raise SystemExit(f"{__file__}: scikit-learn is not installed in {sys.executable}; "
                         "install it into a throwaway venv (see this file's docstring), not into the project") from exc
    digits = load_digits()
    images, labels = np.asarray(digits.images), np.asarray(digits.target)
    if images.shape != (EXPECTED_COUNT, 8, 8) or labels.shape != (EXPECTED_COUNT,):
        raise SystemExit(f"unexpected shapes from load_digits: images {images.shape}, labels {labels.shape}")
    if not (np.array_equal(images, np.round(images)) and images.min() >= 0 and images.max() <= 16):
        raise SystemExit("load_digits returned pixels that are not integers in 0..16")
    if set(labels.tolist()) != set(range(10)):
        raise SystemExit("load_digits returned labels outside 0..9")
    return images.astype(np.uint8), labels.astype(np.uint8), sklearn.__version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"where to write (default {DEFAULT_OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    images, labels, version = load_from_scikit_learn()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # Compressed: the pixels take 5 bits of each byte and the borders are mostly 0.
    np.savez_compressed(args.out, images=images, labels=labels)
    data = args.out.read_bytes()
    print(f"wrote {args.out} from scikit-learn {version}: {len(labels)} images, "
          f"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
