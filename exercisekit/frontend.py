"""The browser side of the site: bundle the editor and page script, copy the worker and the
stylesheet, and pack the runtime package the worker runs, each under a content-hashed name.

Hashed names let hosts cache them forever: a new build changes the name, not the file.
"""
from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from .errors import ProblemError
from .runtime_package import runtime_archive

# Logical name -> source file, relative to the project root.
COPIED = {
    "worker.js": Path("web/static/worker.js"),
    "style.css": Path("web/static/style.css"),
}
ENTRY = Path("web/static/app.js")


def hashed_name(name: str, content: bytes) -> str:
    """`app.js` + content -> `app.1a2b3c4d5e.js`."""
    stem, _, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:10]}.{suffix}"


def bundle_app(root: Path) -> bytes:
    """The page script with the editor (CodeMirror 6), bundled and minified by esbuild."""
    esbuild = root / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        raise ProblemError(esbuild.relative_to(root), "esbuild is not installed",
                           "run `npm ci` (or `make site`, which does it)")
    done = subprocess.run([str(esbuild), str(root / ENTRY), "--bundle", "--minify", "--format=esm",
                           "--target=es2020", "--legal-comments=none"],
                          capture_output=True, cwd=root)
    if done.returncode != 0:
        raise ProblemError(ENTRY, f"bundling failed:\n{done.stderr.decode()[-2000:]}",
                           "fix the script named in the message above")
    return done.stdout


def build_frontend(site_dir: Path, root: Path) -> dict[str, str]:
    """Write the front-end assets into `site_dir/assets/`; return logical name -> relative URL."""
    assets = site_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    contents = {"app.js": bundle_app(root), "runtime.zip": runtime_archive()}
    contents.update({name: (root / source).read_bytes() for name, source in COPIED.items()})
    urls = {}
    for name, content in contents.items():
        target = hashed_name(name, content)
        (assets / target).write_bytes(content)
        urls[name] = f"assets/{target}"
    return urls
