"""Every precache entry carries the SHA-256 of its file (issue 29): the browser checks each
download into the cache against it and the service worker each file it serves from there
(web/static/sw_verify.mjs; the Node and browser legs are tests/js/sw_verify.test.mjs and
tests/browser/test_nothing_outlives_a_run.py)."""
from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from exercisekit.site.offline import content_named_data_url, integrity, precache_manifest


def test_every_entry_carries_the_integrity_of_its_own_bytes(tmp_path: Path):
    files = {"assets/worker.0123456789.js": b"postMessage('honest')",
             "assets/runtime.abcdef0123.zip": bytes(range(256)),
             "index.html": b"<p>index</p>",
             content_named_data_url("data/a.json", b'{"a": 1}'): b'{"a": 1}'}
    for relative, content in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(content)
    entries = {entry["url"]: entry["integrity"] for entry in precache_manifest(tmp_path)}
    assert set(entries) == set(files)
    for relative, content in files.items():
        expected = "sha256-" + base64.b64encode(hashlib.sha256(content).digest()).decode()
        assert entries[relative] == expected == integrity(content), relative


def test_a_changed_file_no_longer_matches_its_entry(tmp_path: Path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "runtime.abcdef0123.zip").write_bytes(b"the runtime")
    [entry] = precache_manifest(tmp_path)
    assert entry["integrity"] != integrity(b"the runtime, poisoned")
