"""Issue 31: the first `check` says what it downloads and shows its progress: a line before
the runtime wheels are fetched, then each wheel's size and time as it arrives; a later run,
with every wheel cached, says nothing."""
from __future__ import annotations

from pathlib import Path

from exercisekit.assets import vendor
from exercisekit.project import Project


def test_the_first_use_announces_the_download_and_reports_each_wheel(tmp_path, monkeypatch):
    project = Project(tmp_path, vendor_dir=tmp_path / "vendor")
    wheels = vendor.read_manifest(project).wheels
    fetched: list[str] = []

    def fake_fetch(wheel, project: Project) -> Path:   # stands in for npm/pip: the reporting is under test
        path = vendor.cached_wheel_path(wheel, project)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 2_500_000)
        fetched.append(wheel.name)
        return path

    monkeypatch.setattr(vendor, "runtime_wheel", fake_fetch)
    lines: list[str] = []
    vendor.ensure_cache(project, lines.append)
    assert lines[0] == (f"first use: downloading {len(wheels)} runtime wheels for the browser into "
                        f"{tmp_path / 'vendor'} (once; later runs reuse them)")
    assert len(lines) == len(wheels) + 1
    for at, (wheel, line) in enumerate(zip(wheels, lines[1:]), 1):
        assert line.startswith(f"  [{at}/{len(wheels)}] {wheel.name} {wheel.version}: 2.5 MB in ")

    again: list[str] = []
    vendor.ensure_cache(project, again.append)
    assert again == []
