"""Sweeps: one input varied over a range, the output read as a number at each point, so the
page can draw the learner's curve against the reference's and show *where* they part.

A problem defines them beside its probes, in `hidden_tests/SLUG/probes.py`:

    def sweeps():
        return [{
            "name": "mu",                          # stable id (the plot's data-sweep)
            "title": "KL as the mean moves away from 0",
            "x_label": "mu", "y_label": "KL",
            "xs": [-3.0, -2.9, ..., 3.0],          # the varying input
            "call": lambda module, x: float(module.kl_diag_gaussian(...)[0]),
        }]

A histogram sweep draws samples instead: `"kind": "histogram"`, `"call": lambda module:
samples` (any array), `"bins"` and `"range": [lo, hi]`, and `"density": lambda x: pdf` for
the target density the page draws too. The build evaluates the reference (and `check`
every known-wrong solution) on each sweep; only the reference's outputs ship, and the
learner's are computed in the browser by this same file. Standard library and numpy only.
"""
from __future__ import annotations

import io
import math
from contextlib import redirect_stderr, redirect_stdout
from types import ModuleType
from typing import Any

import numpy as np

# YValue, a y value as shipped: a float, "nan"/"inf"/"-inf" as text, or None where the point raised.
from .contract import Curve, CurveError, SweepDescription, YValue

LINE, HISTOGRAM = "line", "histogram"
# Two curves are told apart when they differ by more than this share of the reference's
# range (or both are not finite at different points): what a reader can see on a plot.
VISIBLE = 0.02


def point(value: Any) -> float | str:
    """A JSON-ready y value: a float, or "nan" / "inf" / "-inf" (JSON has no such numbers)."""
    number = float(value)
    return number if math.isfinite(number) else repr(number)


def as_float(value: float | str | None) -> float:
    if value is None:
        return math.nan
    return float(value)


def describe(sweep: dict[str, Any]) -> SweepDescription:
    """What ships about a sweep besides the curves: its name, labels, kind and x values."""
    kind = sweep.get("kind", LINE)
    shown = SweepDescription(name=sweep["name"], title=sweep["title"], x_label=sweep["x_label"],
                             y_label=sweep["y_label"], kind=kind, xs=[])
    if kind == HISTOGRAM:
        lo, hi = sweep["range"]
        edges = np.linspace(lo, hi, int(sweep["bins"]) + 1)
        centres = (edges[:-1] + edges[1:]) / 2
        shown["xs"] = [float(x) for x in centres]
        shown["target"] = [point(sweep["density"](x)) for x in centres]
    else:
        shown["xs"] = [float(x) for x in sweep["xs"]]
    return shown


def curve(module: ModuleType, sweep: dict[str, Any]) -> Curve:
    """The output of `module` on a sweep: {"ys": [...], "errors": [{"x", "message"}]}. A point
    that raises gets None and its error; learner code may raise anything, and what it
    prints is discarded."""
    ys: list[YValue] = []
    errors: list[CurveError] = []
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        if sweep.get("kind", LINE) == HISTOGRAM:
            try:
                samples = np.asarray(sweep["call"](module), dtype=float).ravel()
                counts, edges = np.histogram(samples[np.isfinite(samples)], bins=int(sweep["bins"]),
                                             range=tuple(sweep["range"]))
                width = edges[1] - edges[0]
                ys = [point(c / max(len(samples), 1) / width) for c in counts]
            except BaseException as exc:
                ys = [None] * int(sweep["bins"])
                errors.append({"x": None, "message": _message(exc)})
            return {"ys": ys, "errors": errors}
        for x in sweep["xs"]:
            try:
                ys.append(point(sweep["call"](module, x)))
            except BaseException as exc:
                ys.append(None)
                errors.append({"x": float(x), "message": _message(exc)})
    return {"ys": ys, "errors": errors}


def _message(exc: BaseException) -> str:
    try:
        text = str(exc)
    except BaseException:
        text = ""
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def apart(ys: list[YValue], reference: list[YValue]) -> bool:
    """Would a reader see two curves? Some point differs by more than VISIBLE of the
    reference's range, or is finite in one and not the other."""
    a = np.array([as_float(v) for v in ys])
    b = np.array([as_float(v) for v in reference])
    if a.shape != b.shape:
        return True
    finite = np.isfinite(a) & np.isfinite(b)
    if (np.isfinite(a) != np.isfinite(b)).any():
        return True
    if not finite.any():
        return False
    span = max(float(np.ptp(b[finite])), float(np.abs(b[finite]).max()) * 0.1, 1e-12)
    return bool(np.abs(a[finite] - b[finite]).max() > VISIBLE * span)


def where_apart(xs: list[float], ys: list[YValue], reference: list[YValue]) -> list[float]:
    """The x values at which a curve visibly departs from the reference (for the text
    alternative of a plot: "the curves part at mu = 1.2")."""
    span_ref = np.array([as_float(v) for v in reference])
    finite = np.isfinite(span_ref)
    span = max(float(np.ptp(span_ref[finite])) if finite.any() else 0.0, 1e-12)
    found = []
    for x, y, r in zip(xs, ys, reference):
        a, b = as_float(y), as_float(r)
        if math.isfinite(a) != math.isfinite(b) or (math.isfinite(a) and abs(a - b) > VISIBLE * span):
            found.append(x)
    return found
