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
the target density the page draws too.

A line sweep with `"only_when_apart": True` is plotted only when the learner's curve
departs from the reference's or raises: a check that must stay flat (input entries changed
by the call) says nothing when it holds.

An images sweep shows small grayscale images, the learner's beside the reference's:
`"kind": "images"`, `"call": lambda module: images` (an array of `count` images, each of
`"shape": [rows, cols]` pixels, flat or not), `"count"`, optionally `"range": [lo, hi]` (the
pixel values drawn black to white; default [0, 1]), `"inputs"` (images shown above both,
e.g. the inputs of reconstructions), `"before"` (the same images before any training, a
row between the inputs and the reference's, so learning shows) and `"captions"` (one short text per image). A scatter
sweep shows 2-D points coloured by a label: `"kind": "scatter"`, `"call": lambda module:
points` (shape (n, 2)), `"labels"` (n labels), `"label_name"` (what a label is, e.g. "digit"),
and `"x_label"`, `"y_label"`. Both ship their output flattened row-major as `ys`, so the
comparisons below serve every kind.

The build evaluates the reference (and `check` every known-wrong solution) on each sweep;
only the reference's outputs ship, and the learner's are computed in the browser by this
same file. Standard library and numpy only.
"""
from __future__ import annotations

import difflib
import io
import math
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from types import ModuleType
from typing import Any, cast

import numpy as np

# YValue, a y value as shipped: a float, "nan"/"inf"/"-inf" as text, or None where the point raised.
from .contract import Curve, CurveError, SweepDescription, YValue
from .learner_text import exception_text

LINE, HISTOGRAM, IMAGES, SCATTER = "line", "histogram", "images", "scatter"
KINDS = (LINE, HISTOGRAM, IMAGES, SCATTER)
# The keys each kind requires, and those it may have; anything else is a misspelling.
REQUIRED = {LINE: ("name", "title", "x_label", "y_label", "xs", "call"),
            HISTOGRAM: ("name", "title", "x_label", "y_label", "call", "bins", "range", "density"),
            IMAGES: ("name", "title", "call", "shape", "count"),
            SCATTER: ("name", "title", "x_label", "y_label", "call", "labels")}
OPTIONAL = {LINE: ("kind", "only_when_apart"), HISTOGRAM: ("kind",), IMAGES: ("kind", "range", "inputs", "before", "captions", "x_label", "y_label"),
            SCATTER: ("kind", "label_name")}
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


def kind_of(sweep: dict[str, Any]) -> str:
    """A sweep's kind: "line" unless it says otherwise."""
    return str(sweep.get("kind", LINE))


def problems(sweeps: list[Any]) -> list[tuple[str, str]]:
    """What is wrong with the sweeps a probes.py declares, as (message, fix) pairs; none
    when every sweep can be evaluated and drawn. `check` shows them with the file's name."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index, sweep in enumerate(sweeps, start=1):
        if not isinstance(sweep, dict):
            found.append((f"sweep {index} is a {type(sweep).__name__}, not a dict",
                          "make sweeps() return a list of dicts (see AUTHORING.md, Sweeps)"))
            continue
        which = f"sweep `{sweep['name']}`" if isinstance(sweep.get("name"), str) else f"sweep {index}"
        kind = sweep.get("kind", LINE)
        if kind not in KINDS:
            close = difflib.get_close_matches(str(kind), KINDS, n=1, cutoff=0.5)
            found.append((f"{which} has unknown kind `{kind}`",
                          f"did you mean `{close[0]}`?" if close else f"use one of the kinds: {', '.join(KINDS)}"))
            continue
        allowed = REQUIRED[kind] + OPTIONAL[kind]
        for key in sweep:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                found.append((f"{which} ({kind}) has unknown key `{key}`",
                              f"did you mean `{close[0]}`?" if close else f"a {kind} sweep has the keys {', '.join(allowed)}"))
        missing = [key for key in REQUIRED[kind] if key not in sweep]
        if missing:
            found.append((f"{which} ({kind}) lacks {', '.join(f'`{key}`' for key in missing)}",
                          f"a {kind} sweep needs {', '.join(REQUIRED[kind])} (see AUTHORING.md, Sweeps)"))
            continue
        if not isinstance(sweep["name"], str) or not sweep["name"]:
            found.append((f"{which} has no usable name", "give it a short `name` string, unique among the sweeps"))
        elif sweep["name"] in seen:
            found.append((f"{which} appears twice", "give each sweep a name of its own"))
        seen.add(str(sweep["name"]))
        if not callable(sweep["call"]):
            found.append((f"{which}: `call` is not a function", _CALLS[kind]))
        found += [(f"{which}: {message}", fix) for message, fix in _SHAPE_CHECKS[kind](sweep)]
    return found


_CALLS = {LINE: "make `call` a function of (module, x) that returns a number",
          HISTOGRAM: "make `call` a function of (module) that returns the samples",
          IMAGES: "make `call` a function of (module) that returns the images as an array",
          SCATTER: "make `call` a function of (module) that returns the points, shape (n, 2)"}


def _line_checks(sweep: dict[str, Any]) -> list[tuple[str, str]]:
    try:
        xs = [float(x) for x in sweep["xs"]]
    except (TypeError, ValueError):
        return [("`xs` is not a list of numbers", "list the input values to plot, in order")]
    return [] if len(xs) >= 2 else [("`xs` has fewer than 2 values", "list at least two input values")]


def _histogram_checks(sweep: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    if not isinstance(sweep["bins"], int) or sweep["bins"] < 1:
        found.append(("`bins` is not a positive whole number", "set `bins` to the number of bars, e.g. 30"))
    if not _pair(sweep["range"]):
        found.append(("`range` is not [lo, hi] with lo < hi", "set `range` to the interval the bins cover"))
    if not callable(sweep["density"]):
        found.append(("`density` is not a function", "make `density` a function of x: the target's density"))
    return found


def _images_checks(sweep: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    shape, count = sweep["shape"], sweep["count"]
    if not (isinstance(shape, (list, tuple)) and len(shape) == 2 and all(isinstance(n, int) and n > 0 for n in shape)):
        found.append(("`shape` is not [rows, cols]", "set `shape` to the pixels of one image, e.g. [8, 8]"))
        return found
    if not isinstance(count, int) or not 1 <= count <= 64:
        found.append(("`count` is not a whole number from 1 to 64",
                      "set `count` to the number of images drawn (a row of a few fits a phone)"))
        return found
    if "range" in sweep and not _pair(sweep["range"]):
        found.append(("`range` is not [lo, hi] with lo < hi", "set `range` to the pixel values drawn black and white"))
    for key in ("inputs", "before"):
        if key not in sweep:
            continue
        try:
            values = np.asarray(sweep[key], dtype=float)
        except (TypeError, ValueError):
            values = np.zeros(0)
        if values.size != count * shape[0] * shape[1]:
            found.append((f"`{key}` has {values.size} values, not {count} images of {shape[0]}x{shape[1]}",
                          f"give `{key}` the same count and shape as the images `call` returns"))
    captions = sweep.get("captions")
    if captions is not None and (not isinstance(captions, (list, tuple)) or len(captions) != count):
        found.append((f"`captions` is not a list of {count} texts", "give one short caption per image, or none"))
    return found


def _scatter_checks(sweep: dict[str, Any]) -> list[tuple[str, str]]:
    labels = sweep["labels"]
    if not hasattr(labels, "__len__") or len(labels) < 1:
        return [("`labels` is not a list of labels", "give one label per point (e.g. its digit)")]
    if len({str(label) for label in labels}) > 12:
        return [("`labels` has more than 12 different labels", "colour by at most 12 labels: no reader tells more apart")]
    return []


def _pair(value: Any) -> bool:
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        return False
    return math.isfinite(lo) and math.isfinite(hi) and lo < hi


_SHAPE_CHECKS: dict[str, Callable[[dict[str, Any]], list[tuple[str, str]]]] = {
    LINE: _line_checks, HISTOGRAM: _histogram_checks, IMAGES: _images_checks, SCATTER: _scatter_checks}


def describe(sweep: dict[str, Any]) -> SweepDescription:
    """What ships about a sweep besides the curves: its name, labels, kind and x values (the
    layout of the images, the labels of the points)."""
    kind = kind_of(sweep)
    shown: dict[str, Any] = {"name": sweep["name"], "title": sweep["title"], "kind": kind,
                             "x_label": sweep.get("x_label", ""), "y_label": sweep.get("y_label", "")}
    if kind == HISTOGRAM:
        lo, hi = sweep["range"]
        edges = np.linspace(lo, hi, int(sweep["bins"]) + 1)
        centres = (edges[:-1] + edges[1:]) / 2
        shown["xs"] = [float(x) for x in centres]
        shown["target"] = [point(sweep["density"](x)) for x in centres]
    elif kind == IMAGES:
        rows, cols = (int(n) for n in sweep["shape"])
        shown.update(shape=[rows, cols], count=int(sweep["count"]),
                     range=[float(v) for v in sweep.get("range", (0.0, 1.0))],
                     captions=[str(c) for c in sweep["captions"]] if sweep.get("captions") is not None else None,
                     inputs=[point(v) for v in np.asarray(sweep["inputs"], dtype=float).ravel()]
                     if sweep.get("inputs") is not None else None)
        if sweep.get("before") is not None:
            shown["before"] = [point(v) for v in np.asarray(sweep["before"], dtype=float).ravel()]
    elif kind == SCATTER:
        shown.update(labels=[_label(label) for label in sweep["labels"]], label_name=str(sweep.get("label_name", "label")))
    else:
        shown["xs"] = [float(x) for x in sweep["xs"]]
        if sweep.get("only_when_apart"):
            shown["only_when_apart"] = True
    return cast(SweepDescription, shown)


def _label(value: Any) -> str:
    """A label as the page shows it: 3 (numpy's or Python's) and "3" alike become "3"."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def size_of(sweep: dict[str, Any]) -> int:
    """How many values an images or scatter sweep's `ys` hold."""
    if kind_of(sweep) == IMAGES:
        rows, cols = sweep["shape"]
        return int(sweep["count"]) * int(rows) * int(cols)
    return 2 * len(sweep["labels"])


def _array_output(sweep: dict[str, Any], value: Any) -> list[YValue]:
    """An images or scatter output as flat values; ValueError naming the expected shape."""
    array = np.asarray(value, dtype=float)
    if array.size != size_of(sweep):
        if kind_of(sweep) == IMAGES:
            rows, cols = sweep["shape"]
            wanted = f"{sweep['count']} images of {rows}x{cols} pixels"
        else:
            wanted = f"{len(sweep['labels'])} points of 2 coordinates"
        raise ValueError(f"got an array of shape {tuple(array.shape)}: expected {wanted}")
    return [point(v) for v in array.ravel()]


def curve(module: ModuleType, sweep: dict[str, Any]) -> Curve:
    """The output of `module` on a sweep: {"ys": [...], "errors": [{"x", "message"}]}. A point
    that raises gets None and its error (a histogram, images or scatter sweep raises as a
    whole: every value None, one error with x None); learner code may raise anything, and
    what it prints is discarded."""
    ys: list[YValue] = []
    errors: list[CurveError] = []
    kind = kind_of(sweep)
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        if kind == HISTOGRAM:
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
        if kind in (IMAGES, SCATTER):
            try:
                with np.errstate(all="ignore"):
                    ys = _array_output(sweep, sweep["call"](module))
            except BaseException as exc:
                ys = [None] * size_of(sweep)
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
    return exception_text(exc)[:300]


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


def image_distances(shipped: dict[str, Any], ys: list[YValue], reference: list[YValue]) -> list[float | None]:
    """Per image, the mean absolute difference of its pixels from the reference's, as a share
    of the pixel range (0: the same image; 1: black for white everywhere). None for an image
    with a pixel that is not finite in either, which a distance would hide."""
    rows, cols = shipped["shape"]
    a = np.array([as_float(v) for v in ys]).reshape(shipped["count"], rows * cols)
    b = np.array([as_float(v) for v in reference]).reshape(shipped["count"], rows * cols)
    lo, hi = shipped["range"]
    found: list[float | None] = []
    for mine, theirs in zip(a, b):
        finite = np.isfinite(mine).all() and np.isfinite(theirs).all()
        found.append(float(np.mean(np.abs(mine - theirs))) / (hi - lo) if finite else None)
    return found


def scatter_summary(shipped: dict[str, Any], ys: list[YValue]) -> list[dict[str, Any]]:
    """Per label (in numeric order when every label is a number): how many points it has, how
    many of them are finite, and their mean position (None when none is)."""
    points = np.array([as_float(v) for v in ys]).reshape(-1, 2)
    labels = shipped["labels"]
    found = []
    for label in ordered_labels(labels):
        mine = points[[i for i, other in enumerate(labels) if other == label]]
        finite = mine[np.isfinite(mine).all(axis=1)]
        found.append({"label": label, "count": len(mine), "finite": len(finite),
                      "mean": [float(v) for v in finite.mean(axis=0)] if len(finite) else None})
    return found


def ordered_labels(labels: list[str]) -> list[str]:
    """The different labels, numbers in numeric order ("2" before "10"), else as first seen."""
    unique = list(dict.fromkeys(labels))
    try:
        return sorted(unique, key=float)
    except ValueError:
        return unique


def compare(shipped: dict[str, Any], found: dict[str, Any]) -> dict[str, Any]:
    """What the page's text alternative says about the learner's output against the
    reference's (as shipped): for line and histogram sweeps the x values where the curves
    part (`parts_at`); for images the indices of the images that visibly differ and each
    image's distance; for scatter the indices of the points that visibly moved and a summary
    per label of both."""
    reference = (shipped.get("reference") or {}).get("ys")
    if reference is None:
        return {"parts_at": []}
    kind = shipped.get("kind", LINE)
    if kind in (LINE, HISTOGRAM):
        return {"parts_at": where_apart(shipped["xs"], found["ys"], reference)}
    if len(found["ys"]) != len(reference):
        return {"parts_at": []}
    if kind == IMAGES:
        pixels = shipped["shape"][0] * shipped["shape"][1]
        lo, hi = shipped["range"]
        # An image differs visibly when some pixel is 2% of the range off, or not finite where the reference's is.
        parts = [i for i in range(shipped["count"])
                 if apart(found["ys"][i * pixels:(i + 1) * pixels] + [lo, hi],
                          reference[i * pixels:(i + 1) * pixels] + [lo, hi])]
        return {"parts_at": parts, "distances": image_distances(shipped, found["ys"], reference)}
    moved = where_apart(list(range(len(reference))), found["ys"], reference)
    return {"parts_at": sorted({int(i) // 2 for i in moved}),
            "summary": scatter_summary(shipped, found["ys"]), "reference_summary": scatter_summary(shipped, reference)}
