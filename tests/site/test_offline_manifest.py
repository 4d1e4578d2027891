"""The precache manifest: every file of a build is listed, content-named ones without a revision."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from exercisekit.site.build import build_site
from exercisekit.site.offline import MANIFEST_URL, SW_URL, content_named_data_url, precache_manifest


@pytest.fixture(scope="module")
def built_site(site_dir: Path) -> Path:
    """The repository's own site (read only: $SITE_DIR under `make test`)."""
    return site_dir


def write(site: Path, relative: str, content: str) -> None:
    path = site / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)


def test_assets_pages_and_data_are_listed_with_the_right_revisions(tmp_path):
    write(tmp_path, "assets/app.0123456789.js", "app")
    write(tmp_path, "assets/pyodide-0.28.3-abc/pyodide.asm.wasm", "wasm")
    write(tmp_path, "index.html", "<p>index</p>")
    write(tmp_path, "a.html", "<p>a</p>")
    data_url = content_named_data_url("data/a.json", b'{"a": 1}')
    write(tmp_path, data_url, '{"a": 1}')
    entries = {e["url"]: e["revision"] for e in precache_manifest(tmp_path)}
    assert set(entries) == {"assets/app.0123456789.js", "assets/pyodide-0.28.3-abc/pyodide.asm.wasm",
                            "index.html", "a.html", data_url}
    assert entries["assets/app.0123456789.js"] is None and entries[data_url] is None
    assert entries["index.html"] and entries["a.html"] and entries["index.html"] != entries["a.html"]


def test_a_changed_page_or_data_changes_its_entry(tmp_path):
    write(tmp_path, "a.html", "<p>a</p>")
    write(tmp_path, content_named_data_url("data/a.json", b"1"), "1")
    before = precache_manifest(tmp_path)
    write(tmp_path, "a.html", "<p>a, changed</p>")
    (tmp_path / content_named_data_url("data/a.json", b"1")).unlink()
    write(tmp_path, content_named_data_url("data/a.json", b"2"), "2")
    after = precache_manifest(tmp_path)
    assert not set(map(json.dumps, before)) & set(map(json.dumps, after))


def test_built_site_lists_every_file_and_pages_ask_for_listed_data(built_site):
    manifest = json.loads((built_site / MANIFEST_URL).read_text())
    listed = {e["url"] for e in manifest}
    files = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()}
    assert listed == files - {SW_URL, MANIFEST_URL}
    script = (built_site / SW_URL).read_text()
    assert script.startswith("self.__PRECACHE_MANIFEST=" + json.dumps(manifest, separators=(",", ":")) + ";")
    data_urls = {e["url"] for e in manifest if e["url"].startswith("data/")}
    for page in built_site.glob("*.html"):
        if page.name != "index.html":
            config = json.loads(page.read_text().split('id="exercise-config">')[1].split("</script>")[0])
            assert config["runtime"]["dataUrl"] in data_urls and config["serviceWorker"] == SW_URL
            # Content-named: the name carries the SHA-256 prefix of the content, and the page
            # the whole digest, which the worker checks.
            data = (built_site / config["runtime"]["dataUrl"]).read_bytes()
            sha256 = hashlib.sha256(data).hexdigest()
            assert config["runtime"]["dataUrl"] == f"data/{config['slug']}.{sha256[:12]}.json"
            assert config["dataSha256"] == sha256


def test_opting_out_writes_no_service_worker(project):
    # One problem is enough: the option is the build's, not a page's.
    site = build_site(project, project / "site", service_worker=False).out
    assert not (site / SW_URL).exists() and not (site / MANIFEST_URL).exists()
    config = json.loads((site / "vae_elbo_loss.html").read_text().split('id="exercise-config">')[1].split("</script>")[0])
    assert config["serviceWorker"] is None
