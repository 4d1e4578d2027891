"""The shared compiled module's hook (web/static/shared_wasm.mjs) against the vendored Pyodide:
what it relies on in pyodide.asm.js, pyodide.asm.wasm and loadPyodide still holds, and a real
boot through it instantiates the module it was given. An upgrade of Pyodide that breaks any of
this fails here, by name, instead of every page silently compiling its own wasm again."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from projects import ROOT

from exercisekit.assets.vendor import ensure_cache
from exercisekit.project import Project

SCRIPT = ROOT / "tests" / "legs" / "shared_wasm_hook.mjs"


@pytest.fixture(scope="module")
def boot() -> dict:
    """What the hook saw and did in one boot of the vendored Pyodide under Node."""
    core, _ = ensure_cache(Project.at(ROOT))
    done = subprocess.run([shutil.which("node") or "node", str(SCRIPT), str(core["pyodide.mjs"].parent)],
                          capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_pyodide_asm_js_still_defines_the_global_the_hook_wraps(boot):
    assert boot["definedCreate"] == "function", "pyodide.asm.js no longer defines _createPyodideModule: " \
        "shared_wasm.mjs cannot supply the compiled module"


def test_the_wasm_imports_only_what_the_hook_supplies(boot):
    assert boot["sentinels"] == boot["expectedSentinels"], \
        "Pyodide's sentinel imports changed: update sentinelImports in shared_wasm.mjs"
    assert boot["mismatch"] is None, boot["mismatch"]
    assert boot["declined"] is None, boot["declined"]


def test_pyodide_skips_its_own_download_and_takes_the_given_module(boot):
    assert boot["ownHook"] is False, "loadPyodide gave its own instantiateWasm (and fetched the wasm) " \
        "although WasmOffsetConverter was defined: the hook still works, but every worker downloads the wasm again"
    assert boot["how"] == "shared"
    assert boot["leftGuard"] is False   # the marker global is gone once loadPyodide has read it


def test_python_booted_through_the_hook_works_errors_included(boot):
    assert boot["value"] == 6
    assert boot["errorsCross"] is True   # failures cross the FFI both ways (the sentinel's job)
