"""The browser side of the site: bundle the editor and page script, copy the worker and the
stylesheet, and pack the runtime package the worker runs, each under a content-hashed name.

Hashed names let hosts cache them forever: a new build changes the name, not the file.
"""
from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

from ..assets.runtime_package import runtime_archive
from ..errors import ProblemError

# Logical name -> source file, relative to the project root.
COPIED = {
    "style.css": Path("web/static/style.css"),
}
# The Python worker is bundled too, as one classic script wrapped in a function: it imports
# its lockdown (worker_lockdown.mjs), and nothing it declares is a global learner code reaches.
WORKER_ENTRY = Path("web/static/worker.js")
ENTRY = Path("web/static/app.js")
PLOT_ENTRY = Path("web/static/plot.js")
INDEX_ENTRY = Path("web/static/index_page.js")
UPLOT_CSS = Path("node_modules/uplot/dist/uPlot.min.css")
KATEX = Path("node_modules/katex/dist")
# KaTeX's stylesheet offers each font as woff2, woff and ttf; every browser that runs
# Pyodide reads woff2, so only those ship.
FONT_SOURCES = re.compile(r'src:url\(fonts/([\w-]+)\.woff2\) format\("woff2"\)[^;}]*')


def hashed_name(name: str, content: bytes) -> str:
    """`app.js` + content -> `app.1a2b3c4d5e.js`."""
    stem, _, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:10]}.{suffix}"


def run_esbuild(root: Path, entry: Path, *flags: str, fix: str = "fix the script named in the message above") -> bytes:
    """`entry` with what it imports, bundled and minified by esbuild (the one place it is
    called: the page scripts here, the service worker in offline.py); `flags` add to the
    defaults. Errors name `entry` and `fix`."""
    esbuild = root / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        raise ProblemError(esbuild.relative_to(root), "esbuild is not installed",
                           "run `npm ci` (or `make site`, which does it)")
    done = subprocess.run([str(esbuild), str(root / entry), "--bundle", "--minify", "--target=es2020",
                           "--legal-comments=none", *flags], capture_output=True, cwd=root)
    if done.returncode != 0:
        raise ProblemError(entry, f"bundling failed:\n{done.stderr.decode()[-2000:]}", fix)
    return done.stdout


def bundle(root: Path, entry: Path) -> bytes:
    """One ES module with what `entry` imports, bundled and minified by esbuild."""
    return run_esbuild(root, entry, "--format=esm")


def bundle_app(root: Path) -> bytes:
    """The page script with the editor (CodeMirror 6)."""
    return bundle(root, ENTRY)


def katex_assets(root: Path, assets: Path) -> bytes:
    """Write KaTeX's woff2 fonts under hashed names into `assets`; return its stylesheet
    pointing at them (so no request for math ever leaves the site)."""
    dist = root / KATEX
    if not dist.is_dir():
        raise ProblemError(KATEX, "KaTeX is not installed", "run `npm ci` (or `make site`, which does it)")

    def font(match: re.Match) -> str:
        content = (dist / "fonts" / f"{match.group(1)}.woff2").read_bytes()
        target = hashed_name(f"{match.group(1)}.woff2", content)
        (assets / target).write_bytes(content)
        return f'src:url({target}) format("woff2")'

    css, count = FONT_SOURCES.subn(font, (dist / "katex.min.css").read_text(encoding="utf-8"))
    if count == 0 or "url(fonts/" in css:
        raise ProblemError(KATEX / "katex.min.css", "its @font-face rules are not as expected",
                           "pin the KaTeX version in package.json that the build knows")
    return css.encode("utf-8")


def build_frontend(site_dir: Path, root: Path) -> dict[str, str]:
    """Write the front-end assets into `site_dir/assets/`; return logical name -> relative URL."""
    assets = site_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    # The plots (uPlot) are a bundle of their own, loaded only when a plot is shown.
    contents = {"app.js": bundle_app(root), "runtime.zip": runtime_archive(),
                "katex.css": katex_assets(root, assets), "plot.js": bundle(root, PLOT_ENTRY),
                "index.js": bundle(root, INDEX_ENTRY),
                "worker.js": run_esbuild(root, WORKER_ENTRY, "--format=iife"),
                "uplot.css": (root / UPLOT_CSS).read_bytes()}
    contents.update({name: (root / source).read_bytes() for name, source in COPIED.items()})
    urls = {}
    for name, content in contents.items():
        target = hashed_name(name, content)
        (assets / target).write_bytes(content)
        urls[name] = f"assets/{target}"
    return urls
