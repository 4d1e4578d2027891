"""Pyodide's own packages (assets/pyodide_packages.py) with a small fake lock and fake files:
resolution through `depends`, verification against the lock's SHA-256 whatever the source,
the order of sources, and the errors that name the package and the fix."""
from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from exercisekit.assets import pyodide_packages as pp
from exercisekit.assets.packages import from_pyodide_lock
from exercisekit.errors import ProblemError
from exercisekit.project import Project

WHERE = Path("exercise/demo/problem.toml")
CONTENT = {"sk.whl": b"scikit-learn build", "sp.whl": b"scipy build", "blas.zip": b"openblas",
           "jl.whl": b"joblib", "np.whl": b"numpy build"}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry(name, version, file_name, depends=(), shared=False, data=None):
    return {"name": name, "version": version, "file_name": file_name, "depends": list(depends),
            "install_dir": "dynlib" if shared else "site", "sha256": sha(data if data is not None else b"")}


FILES = {
    "scikit-learn": ("scikit_learn-1.7.0-cp313-cp313-pyodide_2025_0_wasm32.whl", CONTENT["sk.whl"]),
    "scipy": ("scipy-1.14.1-cp313-cp313-pyodide_2025_0_wasm32.whl", CONTENT["sp.whl"]),
    "libopenblas": ("libopenblas-0.3.26.zip", CONTENT["blas.zip"]),
    "joblib": ("joblib-1.4.2-py3-none-any.whl", CONTENT["jl.whl"]),
    "numpy": ("numpy-2.2.5-cp313-cp313-pyodide_2025_0_wasm32.whl", CONTENT["np.whl"]),
}


def fake_lock_text() -> str:
    packages = {
        "scikit-learn": entry("scikit-learn", "1.7.0", FILES["scikit-learn"][0], ["scipy", "joblib"],
                              data=FILES["scikit-learn"][1]),
        "scipy": entry("scipy", "1.14.1", FILES["scipy"][0], ["numpy", "libopenblas"], data=FILES["scipy"][1]),
        "libopenblas": entry("libopenblas", "0.3.26", FILES["libopenblas"][0], shared=True,
                             data=FILES["libopenblas"][1]),
        "joblib": entry("joblib", "1.4.2", FILES["joblib"][0], data=FILES["joblib"][1]),
        "numpy": entry("numpy", "2.2.5", FILES["numpy"][0], data=FILES["numpy"][1]),
    }
    return json.dumps({"info": {"version": "0.28.3"}, "packages": packages})


@pytest.fixture
def lock() -> pp.PyodideLock:
    return pp.parse_lock(fake_lock_text(), Path("pyodide-lock.json"), "0.28.3")


def test_dependencies_are_resolved_through_the_lock_and_the_runtime_s_own_left_out(lock):
    found = pp.resolve(["scikit-learn"], lock, {"numpy": "2.2.5"}, WHERE)
    assert [e.name for e in found] == ["joblib", "libopenblas", "scikit-learn", "scipy"]
    assert [e.shared_library for e in found] == [False, True, False, False]


def test_a_package_missing_from_the_lock_names_it_and_the_fix(lock):
    with pytest.raises(pp.PyodidePackageError) as caught:
        pp.resolve(["scikit-lern"], lock, {}, WHERE)
    assert "`scikit-lern` is not a package of Pyodide 0.28.3's lock" in caught.value.message
    assert "did you mean `scikit-learn`?" in caught.value.fix and caught.value.file == WHERE


def test_a_runtime_package_at_another_version_than_the_lock_is_an_error(lock):
    with pytest.raises(pp.PyodidePackageError, match=r"builds against numpy 2\.2\.5.*ships numpy 2\.0\.0"):
        pp.resolve(["scipy"], lock, {"numpy": "2.0.0"}, WHERE)


def test_bare_names_and_matching_pins_of_compiled_packages_go_to_the_lock(lock):
    assert from_pyodide_lock("scikit-learn", lock, WHERE) == "scikit-learn"
    assert from_pyodide_lock("scipy==1.14.1", lock, WHERE) == "scipy"
    # A pure package pinned to a version stays on the PyPI route (packages.lock.json), as before.
    assert from_pyodide_lock("joblib==1.4.2", lock, WHERE) is None
    assert from_pyodide_lock("tabulate==0.9.0", lock, WHERE) is None
    with pytest.raises(ProblemError, match="the only build of it the browser can load") as caught:
        from_pyodide_lock("scipy==1.13.0", lock, WHERE)
    assert '"scipy"' in caught.value.fix
    with pytest.raises(pp.PyodidePackageError, match="not a package of Pyodide"):
        from_pyodide_lock("tabulate", lock, WHERE)


def test_a_lock_whose_shared_library_is_not_a_zip_is_refused():
    text = json.dumps({"packages": {"libx": entry("libx", "1", "libx-1.whl", shared=True)}})
    with pytest.raises(pp.PyodidePackageError, match="cannot read Pyodide's lock file"):
        pp.parse_lock(text, Path("pyodide-lock.json"), "0.28.3")


def make_fetcher(tmp_path, lock, **settings) -> pp.Fetcher:
    return pp.Fetcher(pp.Settings(**settings), Project(tmp_path, vendor_dir=tmp_path / "vendor"), lock)


def test_a_file_from_a_folder_is_verified_then_cached(tmp_path, lock):
    folder = tmp_path / "offline"
    folder.mkdir()
    name, data = FILES["scipy"]
    (folder / name).write_bytes(data)
    fetcher = make_fetcher(tmp_path, lock, sources=("folder", "pypi"), folder=folder)
    target = tmp_path / "cache" / name
    pp.fetch_into_cache(lock.packages["scipy"], target, fetcher, WHERE)
    assert target.read_bytes() == data
    assert not [p for p in target.parent.iterdir() if p != target], "no temporary file is left behind"


def test_a_hash_mismatch_is_an_error_naming_package_source_and_fix_and_nothing_is_cached(tmp_path, lock):
    folder = tmp_path / "offline"
    folder.mkdir()
    name, _ = FILES["scipy"]
    (folder / name).write_bytes(b"a rebuilt scipy")
    fetcher = make_fetcher(tmp_path, lock, sources=("folder",), folder=folder)
    target = tmp_path / "cache" / name
    with pytest.raises(pp.PyodidePackageError) as caught:
        pp.fetch_into_cache(lock.packages["scipy"], target, fetcher, WHERE)
    error = caught.value
    assert error.message.startswith("scipy 1.14.1:") and str(folder) in error.message
    assert sha(b"a rebuilt scipy") in error.message and lock.packages["scipy"].sha256 in error.message
    assert "does not hold Pyodide's own build" in error.fix
    assert not target.exists()


def carrier_project(tmp_path, members: dict[str, bytes]) -> Project:
    """A tool cache that already holds a (fake) carrier wheel, as after its one download."""
    project = Project(tmp_path, vendor_dir=tmp_path / "vendor")
    folder = project.vendor_cache / "pyodide-carrier"
    folder.mkdir(parents=True)
    with zipfile.ZipFile(folder / "carrier_pkg-1.0-py3-none-any.whl", "w") as archive:
        for name, data in members.items():
            archive.writestr(f"carrier_pkg/dist/{name}", data)
    return project


def test_the_pypi_carrier_gives_only_the_file_asked_for_and_the_lock_decides(tmp_path, lock):
    name, data = FILES["joblib"]
    project = carrier_project(tmp_path, {name: data, FILES["numpy"][0]: b"tampered numpy"})
    settings = pp.Settings(sources=("pypi",), carrier="carrier-pkg==1.0", carrier_dir="carrier_pkg/dist/")
    fetcher = pp.Fetcher(settings, project, lock)
    pp.fetch_into_cache(lock.packages["joblib"], tmp_path / "cache" / name, fetcher, WHERE)
    assert (tmp_path / "cache" / name).read_bytes() == data
    with pytest.raises(pp.PyodidePackageError, match="numpy 2.2.5:.*carrier_pkg-1.0-py3-none-any.whl"):
        pp.fetch_into_cache(lock.packages["numpy"], tmp_path / "cache" / FILES["numpy"][0], fetcher, WHERE)


def test_sources_are_tried_in_order_and_unconfigured_ones_skipped(tmp_path, lock):
    name, data = FILES["joblib"]
    project = carrier_project(tmp_path, {name: data})
    folder = tmp_path / "offline"
    folder.mkdir()   # empty: the folder is asked first and has nothing
    settings = pp.Settings(sources=("folder", "release", "pypi"), folder=folder, release_url=None,
                           carrier="carrier-pkg==1.0", carrier_dir="carrier_pkg/dist/")
    fetcher = pp.Fetcher(settings, project, lock)
    got = fetcher.fetch(lock.packages["joblib"], tmp_path)
    assert got is not None and "carrier_pkg-1.0" in got[1]
    assert fetcher.unavailable == {"release": "no `release_url` set"}


def test_an_unreachable_release_falls_through_to_the_next_source(tmp_path, lock):
    name, data = FILES["joblib"]
    project = carrier_project(tmp_path, {name: data})
    settings = pp.Settings(sources=("release", "pypi"), release_url="http://127.0.0.1:9/pyodide/v{version}/full/",
                           carrier="carrier-pkg==1.0", carrier_dir="carrier_pkg/dist/")
    fetcher = pp.Fetcher(settings, project, lock)
    got = fetcher.fetch(lock.packages["joblib"], tmp_path)
    assert got is not None and got[0].read_bytes() == data
    assert "127.0.0.1:9/pyodide/v0.28.3/full/joblib-1.4.2-py3-none-any.whl" in fetcher.unavailable["release"]


def test_no_source_having_the_file_says_what_was_tried_and_how_to_fix_it(tmp_path, lock):
    fetcher = make_fetcher(tmp_path, lock, sources=("folder", "release"))
    with pytest.raises(pp.PyodidePackageError) as caught:
        pp.fetch_into_cache(lock.packages["scipy"], tmp_path / "cache" / FILES["scipy"][0], fetcher, WHERE)
    assert "no source has scipy-1.14.1" in caught.value.message and "folder: no `folder` set" in caught.value.message
    assert "[pyodide_packages]" in caught.value.fix


def test_course_settings_are_read_and_checked(tmp_path):
    project = Project(tmp_path)
    (tmp_path / "course.toml").write_text('[pyodide_packages]\nsources = ["folder", "pypi"]\nfolder = "wheels"\n')
    settings = pp.read_settings(project)
    assert settings.sources == ("folder", "pypi") and settings.folder == (tmp_path / "wheels").resolve()
    assert settings.carrier == "open-webui==0.9.6"   # the tool's pin (vendor.toml)
    (tmp_path / "course.toml").write_text('[pyodide_packages]\nsources = ["cdn"]\n')
    with pytest.raises(pp.PyodidePackageError, match="is not a list of sources"):
        pp.read_settings(project)
    (tmp_path / "course.toml").write_text('[pyodide_packages]\nfolders = "x"\n')
    with pytest.raises(pp.PyodidePackageError, match="unknown key `folders`"):
        pp.read_settings(project)


def test_the_real_lock_is_pinned_and_has_the_field_s_libraries():
    lock = pp.read_lock(Project(Path.cwd()))
    assert lock.version == "0.28.3"
    names = [e.name for e in pp.resolve(["scikit-learn"], lock, {"numpy": "2.2.5"}, WHERE)]
    assert names == ["joblib", "libopenblas", "scikit-learn", "scipy", "threadpoolctl"]


def test_the_real_files_are_fetched_once_and_match_the_lock():
    """The real route: on a clean clone this downloads the PyPI carrier once (about 150 MB)
    into the tool's cache; afterwards every file comes from the cache, verified again."""
    project = Project(Path.cwd())
    lock = pp.read_lock(project)
    entries = pp.resolve(["scipy"], lock, {"numpy": "2.2.5"}, WHERE)
    paths = pp.cached_files(entries, project, WHERE)
    assert [p.name for p in paths] == ["libopenblas-0.3.26.zip", "scipy-1.14.1-cp313-cp313-pyodide_2025_0_wasm32.whl"]
    assert all(p.parent == project.vendor_cache / "pyodide-packages" for p in paths)
    assert [pp.sha256_of(p) for p in paths] == [e.sha256 for e in entries]


def test_a_lock_package_the_pypi_carrier_lacks_says_so(tmp_path, lock):
    project = carrier_project(tmp_path, {})
    settings = pp.Settings(sources=("folder", "pypi"), carrier="carrier-pkg==1.0", carrier_dir="carrier_pkg/dist/")
    fetcher = pp.Fetcher(settings, project, lock)
    with pytest.raises(pp.PyodidePackageError) as caught:
        pp.fetch_into_cache(lock.packages["joblib"], tmp_path / "cache" / FILES["joblib"][0], fetcher, WHERE)
    assert "pypi: carrier-pkg==1.0 does not carry it" in caught.value.message
    assert "only part of the lock" in caught.value.fix
