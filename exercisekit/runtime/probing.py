"""Name the learner's mistake: compare a function's outputs on probe inputs with those of the
reference and of every known-wrong solution.

This file runs both under CPython (at build time, to record the outputs of the reference
and the known-wrong solutions) and inside Pyodide (in the browser, on the learner's
function). It needs numpy and the standard library only.
"""
from __future__ import annotations

import copy
import importlib
import importlib.util
import io
import os
import sys
import traceback
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from types import ModuleType
from typing import Any

import numpy as np

from .contract import Curve, ProbeOutputs, ProbeRecord, ProbesFailure, RecordedSweep, SweepProblem
from .given import given_file, module_with_given
from .learner_text import exception_text
from .sweeps import curve
from .sweeps import describe as describe_sweep
from .sweeps import problems as sweep_problems

# `encode`'s output: JSON-ready data (nested dicts, lists and scalars).
Encoded = Any
# probes.py's `observe(module, probe)`: drives the module on one probe, returns plain data.
Observer = Callable[[ModuleType, dict[str, Any]], Any]


def _finite_items(items: Any) -> Any:
    """An array's nested list with every NaN and infinity as {"float": "nan" / "inf" / "-inf"}:
    strict JSON (what the browser's JSON.parse reads) has no such numbers."""
    if isinstance(items, list):
        return [_finite_items(item) for item in items]
    if isinstance(items, float) and not np.isfinite(items):
        return {"float": repr(items)}
    return items


def _number_items(items: Any) -> Any:
    """The inverse of `_finite_items`."""
    if isinstance(items, list):
        return [_number_items(item) for item in items]
    if isinstance(items, dict) and "float" in items:
        return float(items["float"])
    return items


def encode(value: Any) -> Encoded:
    """A JSON-ready form of a probe input or output (arrays keep dtype and shape); NaN and
    infinities, alone or inside arrays, become {"float": "nan"}, {"float": "inf"}, ..."""
    if isinstance(value, np.ndarray):
        items = value.tolist()
        if value.dtype.kind in "fc" and not np.all(np.isfinite(value)):
            items = _finite_items(items)
        return {"ndarray": items, "dtype": str(value.dtype), "shape": list(value.shape)}
    if isinstance(value, np.generic):
        return encode(value.item())
    if isinstance(value, float) and not np.isfinite(value):
        return {"float": repr(value)}
    if isinstance(value, (list, tuple)):
        return {"list": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": {k: encode(v) for k, v in value.items()}}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot record a value of type {type(value).__name__}")


def decode(value: Encoded) -> Any:
    """The inverse of `encode`."""
    if isinstance(value, dict):
        if "ndarray" in value:
            return np.array(_number_items(value["ndarray"]), dtype=value["dtype"]).reshape(value["shape"])
        if "float" in value:
            return float(value["float"])
        if "list" in value:
            return [decode(v) for v in value["list"]]
        if "dict" in value:
            return {k: decode(v) for k, v in value["dict"].items()}
    return value


def _where(exc: BaseException) -> str:
    """" (file.py, line N)" for the innermost frame of an exception, when there is one."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f" ({os.path.basename(last.filename)}, line {last.lineno})"


def observations(module: ModuleType, function: str, probes: list[dict[str, Any]],
                 observe: Observer | None = None) -> tuple[list[Encoded] | None, str | None]:
    """Encoded outputs of a module on each probe, and None; or None and the first error.

    Without `observe`, each probe is the keyword arguments of `module.<function>`. With
    it (`observe(module, probe)` from probes.py, for a class or several functions), it
    drives the module and returns plain data. Learner code may raise anything (SystemExit
    and KeyboardInterrupt included) or return what cannot be recorded: none of it escapes.
    What it prints is discarded.
    """
    results = []
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        for probe in probes:
            try:
                probe = copy.deepcopy(probe)
                value = observe(module, probe) if observe else getattr(module, function)(**probe)
                results.append(encode(value))
            except BaseException as exc:
                try:
                    return None, f"{exception_text(exc)}{_where(exc)} on probe {probe!r}"[:1000]
                except BaseException:
                    return None, f"{type(exc).__name__}{_where(exc)}"
    return results, None


def same_output(a: Encoded, b: Encoded, tolerance: float) -> bool:
    """Do two encoded outputs agree within a relative tolerance?"""
    a, b = decode(a), decode(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_output(encode(x), encode(y), tolerance) for x, y in zip(a, b))
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys() and all(
            same_output(encode(a[k]), encode(b[k]), tolerance) for k in a)
    try:
        x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return bool(a == b)
    return x.shape == y.shape and bool(np.allclose(x, y, rtol=tolerance, atol=tolerance, equal_nan=True))


def matches(outputs: list[Encoded], expected: list[Encoded], tolerance: float) -> bool:
    """Does every output agree with the expected one on the same probe?"""
    return len(outputs) == len(expected) and all(same_output(a, b, tolerance) for a, b in zip(outputs, expected))


def diagnose(outputs: list[Encoded] | None, record: ProbeOutputs, tolerance: float) -> list[str]:
    """Names of the known-wrong solutions whose outputs `outputs` match, never when it matches
    the reference (or raised). `record` is what `record_outputs` made at build time."""
    if outputs is None or record["reference"] is None or matches(outputs, record["reference"], tolerance):
        return []
    return [name for name, wrong in record["wrong"].items() if wrong is not None and matches(outputs, wrong, tolerance)]


def load_module(path: str, name: str) -> ModuleType:
    """Import the file at `path` as a module called `name` (not registered in sys.modules)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path} cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _module_file(module_name: str) -> str:
    """The file the import system would load `module_name` from (the learner's, on sys.path)."""
    spec = importlib.util.find_spec(module_name)
    if spec is None or not spec.origin:
        raise ImportError(f"no module named {module_name!r}")
    return spec.origin


def probe_observer(probes_path: str | None) -> Observer | None:
    """`observe` from probes.py, or None when the file has none (or there is no file)."""
    if not probes_path or not os.path.isfile(probes_path):
        return None
    observe: Observer | None = getattr(load_module(probes_path, "probes"), "observe", None)
    return observe


def diagnose_module(module_name: str, function: str, record: ProbeOutputs, tolerance: float,
                    probes_path: str | None = None) -> list[str]:
    """After a failing run: import the learner's module afresh and diagnose it."""
    sys.modules.pop(module_name, None)
    given = given_file(os.path.dirname(probes_path)) if probes_path else None
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            module = module_with_given(module_name, _module_file(module_name), given) if given else \
                importlib.import_module(module_name)
            observe = probe_observer(probes_path)
        outputs, _ = observations(module, function, [decode(p) for p in record["inputs"]], observe)
        return diagnose(outputs, record, tolerance)
    except BaseException:  # learner code may raise anything, SystemExit included
        return []
    finally:
        sys.modules.pop(module_name, None)


def _probes_failure(exc: BaseException, probes_path: str) -> ProbesFailure:
    """What went wrong in probes.py itself: the exception and its line in that file."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename) == os.path.abspath(probes_path):
            line = frame.lineno
    if isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == os.path.abspath(probes_path):
        line = exc.lineno
    return {"message": exception_text(exc)[:1000], "line": line,
            "missing_module": getattr(exc, "name", None) if isinstance(exc, ModuleNotFoundError) else None}


def record_outputs(probes_path: str, module_name: str, function: str,
                   solutions: dict[str, str]) -> ProbeRecord:
    """At build time: the probe inputs and the outputs of each solution file on them.

    `solutions` maps "reference" and each known-wrong name to a file path. A solution that
    raises (at import or on a probe) has None as outputs and its error under "errors".
    probes.py sees the folder it lies in, as the tests do (its helper modules import); if
    probes.py itself fails (at import, in probes() or sweeps()), the record holds only
    "probes_error": {message, line, missing_module}.
    """
    folder = os.path.dirname(os.path.abspath(probes_path))
    sys.path.insert(0, folder)
    try:
        try:
            probes_module = load_module(probes_path, "probes")
            probes = probes_module.probes()
            observe = getattr(probes_module, "observe", None)
            specs = sweep_specs(probes_module)
            inputs = [encode(p) for p in probes]
        except BaseException as exc:   # the author's probes.py: report it, never crash the recorder
            return ProbeRecord(inputs=[], reference=None, wrong={}, errors={}, sweeps=[],
                               probes_error=_probes_failure(exc, probes_path))
        # A sweep declaration `check` must refuse is reported, not evaluated: its error names the fix.
        declared = [SweepProblem(message=message, fix=fix) for message, fix in sweep_problems(specs)]
        if declared:
            specs = []
        outputs: dict[str, list[Encoded] | None] = {}
        errors: dict[str, str] = {}
        curves: list[dict[str, Curve]] = [{} for _ in specs]
        for name, path in solutions.items():
            try:
                given = given_file(folder)
                module = module_with_given(module_name, path, given, register=False) if given else \
                    load_module(path, module_name)
            except BaseException as exc:
                outputs[name], errors[name] = None, f"{exception_text(exc)}{_where(exc)} at import"
                continue
            outputs[name], error = observations(module, function, probes, observe)
            if error:
                errors[name] = error
            for found, spec in zip(curves, specs):
                found[name] = curve(module, spec)
        sweeps: list[RecordedSweep] = [
            {**describe_sweep(spec), "reference": found.get("reference"),
             "wrong": {name: c for name, c in found.items() if name != "reference"}}
            for spec, found in zip(specs, curves)]
        return ProbeRecord(inputs=inputs, reference=outputs.pop("reference"), wrong=outputs,
                           errors=errors, sweeps=sweeps, sweep_problems=declared)
    finally:
        sys.path.remove(folder)
        # The helpers probes.py imported belong to this problem: the next one may have its own.
        for name, module in list(sys.modules.items()):
            if (getattr(module, "__file__", None) or "").startswith(folder + os.sep):
                del sys.modules[name]


def sweep_specs(probes_module: ModuleType) -> list[dict[str, Any]]:
    """The sweeps a probes.py defines (see sweeps.py); none without `sweeps()`."""
    make = getattr(probes_module, "sweeps", None)
    return list(make()) if make else []
