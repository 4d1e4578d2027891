"""Ship as bytecode the Python modules a test run imports, for the Python that will run them.

Pyodide compiles every module it imports from source, and in WebAssembly that is slow.
Its standard library and the wheels we vendor hold sources only. Measured under Node on
this machine, with the modules a test run imports shipped as bytecode, Pyodide boots in
0.7 s instead of 1.75 s and `import pytest` takes 0.2 s instead of 0.55 s.

Bytecode costs bytes (a `.pyc` compresses worse than its source), so only the modules a
representative test run actually imports are compiled; the rest stay as source. The build
runs this file *inside* the vendored Pyodide (web/node/compile_runtime.mjs), so the
bytecode always matches the Python that loads it. Standalone: stdlib only.
"""
from __future__ import annotations

import base64
import hashlib
import importlib.util
import marshal
import sys
import zipfile

# A sourceless .pyc: magic number, flags 0 (timestamp-based), mtime 0, size 0. Python never
# compares the timestamp of a .pyc that has no source beside it.
HEADER = importlib.util.MAGIC_NUMBER + bytes(12)

# The training run: a small problem that uses what hidden tests use (numpy arrays and
# random generators, parametrize, approx, raises, a failing assertion, printed output).
TRAINING_TEST = '''
import numpy as np
import pytest
from training_module import mean_square


@pytest.mark.parametrize("rows", [1, 3])
def test_matches_numpy(rows):
    x = np.random.default_rng(0).normal(size=(rows, 4)).astype(np.float32)
    expected = float((x.astype(np.float64) ** 2).sum(axis=1).mean())
    assert np.isclose(mean_square(x), expected, rtol=1e-5)
    assert mean_square(x) == pytest.approx(expected, rel=1e-5)


def test_failure_is_reported():
    with pytest.raises(ZeroDivisionError):
        1 / 0
    assert mean_square(np.zeros((2, 2))) == 1.0, "fails on purpose"
'''
TRAINING_MODULE = '''
import numpy as np


def mean_square(x):
    print("rows:", len(x))
    return float(np.mean(np.sum(np.square(x), axis=1)))
'''


def training_run(home: str) -> set[str]:
    """Run the training problem through the runtime session (exercisekit.runtime, already
    importable) and return the files of every module imported so far: Pyodide's own
    start-up, numpy, pytest and the runtime."""
    from exercisekit.runtime.contract import ProblemData
    from exercisekit.runtime.session import Session

    data = ProblemData(slug="training_module", kind="function", module="training_module", function="mean_square",
                       time_limit=10.0, tolerance=1e-6, names={}, expected=None,
                       files={"test_training.py": {"text": TRAINING_TEST}}, starter="", hints=[], probes=None,
                       sweeps=[], mistakes={})
    session = Session(data, home)
    session.warm_up(TRAINING_MODULE)
    result = session.evaluate(TRAINING_MODULE)
    outcomes = sorted(row.outcome for row in result.rows)
    if outcomes != ["failed", "passed", "passed"]:   # each parametrized case is a row
        raise RuntimeError(f"the training run went wrong: {result}")
    files = (getattr(module, "__file__", None) for module in list(sys.modules.values()))
    return {_canonical(file) for file in files if file}


def _canonical(path: str) -> str:
    # Pyodide's site-packages is "//lib/python3.13/site-packages": one leading slash for all.
    return "/" + path.lstrip("/")


def _record_row(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def compiled(name: str, data: bytes, filename: str) -> tuple[str, bytes]:
    """`pkg/mod.py` and its source -> `pkg/mod.pyc` and its bytecode; `filename` is where
    tracebacks will say the code lives. A file this Python cannot compile stays as it is."""
    try:
        code = compile(data, filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return name, data
    return name + "c", HEADER + marshal.dumps(code)


def compile_archive(source: str, dest: str, install_dir: str, wanted: set[str]) -> int:
    """Write to `dest` the zip archive `source` (a wheel, or Pyodide's standard library)
    with each `.py` whose installed path (`install_dir/name`) is in `wanted` replaced by
    its `.pyc`. A wheel's RECORD is rewritten to list the new files. Compression and file
    attributes are kept. Returns how many modules were compiled."""
    count = 0
    install_dir = _canonical(install_dir)
    with zipfile.ZipFile(source) as archive_in, zipfile.ZipFile(dest, "w") as archive_out:
        record = next((n for n in archive_in.namelist() if n.endswith(".dist-info/RECORD")), None)
        rows = []
        for info in archive_in.infolist():
            if info.filename == record:
                continue
            name, data = info.filename, archive_in.read(info)
            if name.endswith(".py") and f"{install_dir}/{name}" in wanted:
                name, data = compiled(name, data, f"{install_dir}/{name}")
                count += name.endswith(".pyc")
            entry = zipfile.ZipInfo(name, date_time=info.date_time)
            entry.compress_type, entry.external_attr = info.compress_type, info.external_attr
            archive_out.writestr(entry, data)
            rows.append(_record_row(name, data))
        if record is not None:
            rows.append(f"{record},,")
            entry = zipfile.ZipInfo(record, date_time=archive_in.getinfo(record).date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive_out.writestr(entry, "\n".join(rows) + "\n")
    return count
