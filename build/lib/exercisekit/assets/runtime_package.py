"""The runtime package (exercisekit/runtime/) as the browser and Node receive it: one zip.

Pyodide unpacks it into site-packages, so the worker and the Node leg import
`exercisekit.runtime` exactly as CPython does.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]   # exercisekit/
RUNTIME_DIR = PACKAGE_ROOT / "runtime"


def runtime_sources() -> dict[str, bytes]:
    """Archive path -> content of every file of the runtime package, sorted."""
    files = {"exercisekit/__init__.py": (PACKAGE_ROOT / "__init__.py").read_bytes()}
    for path in sorted(RUNTIME_DIR.glob("*.py")):
        files[f"exercisekit/runtime/{path.name}"] = path.read_bytes()
    return files


def runtime_archive() -> bytes:
    """The runtime package as a zip with fixed timestamps: the same sources, the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in runtime_sources().items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


def runtime_digest() -> str:
    """Changes whenever any runtime source does."""
    digest = hashlib.sha256()
    for name, content in runtime_sources().items():
        digest.update(name.encode() + b"\0" + content + b"\0")
    return digest.hexdigest()
