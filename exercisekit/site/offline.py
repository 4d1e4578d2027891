"""Offline use: the service worker and the precache manifest of one build.

Every file the site serves is either content-named (everything under `assets/`, and the
problem data, `data/SLUG.HASH.json`) or a page. The manifest
lists them all for the service worker (web/static/sw.js, bundled with Workbox): content-named
URLs need no revision, pages carry a hash of their content. The manifest is written into
`sw.js` itself, so every build that changes any file is a new service worker; the browser
installs it, and its precache list replaces the previous one (see the README, "Offline").
"""
from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from .frontend import run_esbuild

SW_SOURCE = Path("web/static/sw.js")
SW_URL = "sw.js"                        # at the site root, so its scope is the whole site
MANIFEST_URL = "precache-manifest.json"  # the same list, readable by people and tests


def digest(content: bytes, length: int = 12) -> str:
    return hashlib.sha256(content).hexdigest()[:length]


def content_named_data_url(url: str, content: bytes) -> str:
    """`data/x.json` -> `data/x.1a2b3c4d5e6f.json`, the first 12 hex digits of the SHA-256 of
    `content`: a page asks for exactly the data of its own build, in the path, so no cache
    and no host that ignores query strings can hand it another build's data (an old page
    after a redeploy gets a 404 and says to reload; web/static/worker.js)."""
    stem = url[: -len(".json")] if url.endswith(".json") else url
    return f"{stem}.{digest(content)}.json"


def integrity(content: bytes) -> str:
    """Subresource Integrity of `content` (`sha256-` and the base64 SHA-256): the browser checks
    every precache download against it, and the service worker every file it serves from its
    cache (web/static/sw.js), so no file but this build's can be served from there."""
    return "sha256-" + base64.b64encode(hashlib.sha256(content).digest()).decode("ascii")


def precache_manifest(site: Path) -> list[dict]:
    """Workbox precache entries (`{url, revision, integrity}`) for every file of the built site."""
    entries = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        url = path.relative_to(site).as_posix()
        content = path.read_bytes()
        if url.startswith(("assets/", "data/")):   # content-named: the URL is the revision
            entries.append({"url": url, "revision": None, "integrity": integrity(content)})
        elif url.endswith(".html"):
            entries.append({"url": url, "revision": digest(content, 16), "integrity": integrity(content)})
    return entries


def bundle_service_worker(root: Path) -> bytes:
    """Workbox and web/static/sw.js in one classic script, minified by esbuild."""
    return run_esbuild(root, SW_SOURCE, "--format=iife",
                       "--define:process.env.NODE_ENV=\"production\"",   # drops Workbox's debug logging
                       fix="fix the script named in the message above, or run `npm ci` if Workbox is missing")


def write_service_worker(site: Path, root: Path) -> list[dict]:
    """Write `sw.js` and `precache-manifest.json` for the site in `site`; return the manifest.

    Call it last: the manifest lists the files present when it runs."""
    manifest = precache_manifest(site)
    listing = json.dumps(manifest, separators=(",", ":"))
    (site / MANIFEST_URL).write_text(listing + "\n", encoding="utf-8")
    script = f"self.__PRECACHE_MANIFEST={listing};\n".encode() + bundle_service_worker(root)
    (site / SW_URL).write_bytes(script)
    return manifest
