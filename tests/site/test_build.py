"""The build: what ships, what never does, and that a failed build changes nothing."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from projects import ROOT, copy_problem, link_build_inputs

from exercisekit.project import Project
from exercisekit.site.build import BuildError, build_site


@pytest.fixture(scope="module")
def built(site_dir: Path) -> Path:
    """The repository's own site (read only: $SITE_DIR under `make test`)."""
    return site_dir


def page_data(site: Path, slug: str) -> dict:
    """The problem data a built page loads: its name carries a hash of its content."""
    (path,) = (site / "data").glob(f"{slug}.*.json")
    return json.loads(path.read_text())


def site_files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file()]


def test_site_has_index_pages_data_and_runtime(built):
    assert (built / "index.html").is_file()
    for problem in (ROOT / "exercise").iterdir():
        assert (built / f"{problem.name}.html").is_file()
        data = page_data(built, problem.name)
        assert data["files"] and data["names"]
    names = {p.name for p in site_files(built)}
    assert {"pyodide.asm.wasm", "python_stdlib.zip", "pyodide.js"} <= names
    assert any(n.startswith("numpy-2.2.5") for n in names) and any(n.startswith("pytest-8.3.5") for n in names)


def test_references_and_wrong_solutions_never_ship(built):
    secrets = {}
    for problem in (ROOT / "exercise").iterdir():
        meta = (problem / "problem.toml").read_text()
        if "show_solution = true" not in meta and "solution_after_hints = true" not in meta:
            secrets[f"{problem.name}/reference.py"] = (ROOT / "solutions" / problem.name / "reference.py").read_text()
        for wrong in (ROOT / "solutions" / problem.name / "wrong").glob("*.py"):
            secrets[f"{problem.name}/wrong/{wrong.name}"] = wrong.read_text()
    assert secrets
    for path in site_files(built):
        if path.suffix in (".whl", ".wasm", ".zip"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for label, secret in secrets.items():
            body = secret.split('"""')[-1].strip()   # the code, past any docstring
            assert body not in text and body not in text.replace("\\n", "\n"), f"{label} leaked into {path}"


def test_statement_math_is_typeset_at_build_time_with_fonts_on_the_site(built):
    page = (built / "vae_elbo_loss.html").read_text()
    # KaTeX's HTML for the eye and MathML for screen readers; TeX only in MathML's annotation.
    assert 'class="katex-display"' in page and "<math" in page and "$$" not in page
    outside_annotations = re.sub(r"<annotation[^>]*>.*?</annotation>", "", page, flags=re.S)
    assert "\\frac" not in outside_annotations
    css_name = re.search(r'href="(assets/katex\.[0-9a-f]{10}\.css)"', page).group(1)
    css = (built / css_name).read_text()
    fonts = re.findall(r"url\(([^)]+)\)", css)
    assert fonts and all(re.fullmatch(r"KaTeX_[\w-]+\.[0-9a-f]{10}\.woff2", f) for f in fonts), fonts[:3]
    assert all((built / "assets" / f).is_file() for f in fonts)
    assert "<script" not in page.split("katex", 1)[0] or "katex.min.js" not in page


def test_try_snippet_and_prerequisite_titles_are_on_the_page(built):
    page = (built / "vae_elbo_loss.html").read_text()
    assert "vae_elbo_loss(x, x_recon, mu, logvar)</textarea>" in page
    assert '<a href="kl_diag_gaussian.html">' in page and "after kl_diag_gaussian" not in page


def test_failing_problem_leaves_previous_site_untouched(tmp_path):
    project = link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))
    out = tmp_path / "site"
    build_site(project, out)
    before = {p: p.read_bytes() for p in site_files(out)}
    ref = project / "solutions" / "vae_elbo_loss" / "reference.py"
    ref.write_text(ref.read_text().replace("np.mean(recon + kl)", "np.sum(recon + kl)"))
    with pytest.raises(BuildError, match="the reference fails 'Loss is the batch mean'"):
        build_site(project, out)
    assert {p: p.read_bytes() for p in site_files(out)} == before
    assert not [p for p in tmp_path.iterdir() if "staging" in p.name]


def test_corrupt_runtime_asset_fails_the_build_and_keeps_the_site(tmp_path, monkeypatch):
    project = link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))
    # The project doubles as the tool home, so its own download cache is the one read.
    monkeypatch.setenv("EXERCISEKIT_HOME", str(project))
    out = tmp_path / "site"
    build_site(project, out)
    before = sorted(p.relative_to(out) for p in site_files(out))
    cache = project / ".cache" / "vendor"
    cache.unlink()
    # The wheels are copied, to be corrupted; the big folders beside them (the CPython legs'
    # venvs, Pyodide's package files: most of a gigabyte) are only linked.
    cache.mkdir()
    for entry in (ROOT / ".cache" / "vendor").iterdir():
        if entry.is_dir():
            (cache / entry.name).symlink_to(entry.resolve())
        else:
            shutil.copyfile(entry, cache / entry.name)
    wheel = next(cache.glob("pytest-*.whl"))
    wheel.write_bytes(wheel.read_bytes()[:-10] + b"corrupted!")
    with pytest.raises(BuildError, match=wheel.name):
        build_site(project, out)
    assert sorted(p.relative_to(out) for p in site_files(out)) == before


def test_show_solution_ships_the_reference_of_that_problem_only(tmp_path):
    project = link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))
    copy_problem(project, "reparameterize")
    meta = project / "exercise" / "vae_elbo_loss" / "problem.toml"
    meta.write_text(meta.read_text().replace("[tests]", "show_solution = true\n\n[tests]"))
    site = build_site(project, tmp_path / "site").out
    shown = page_data(site, "vae_elbo_loss")
    assert shown["solution"] == (project / "solutions" / "vae_elbo_loss" / "reference.py").read_text()
    assert 'data-testid="show-solution"' in (site / "vae_elbo_loss.html").read_text()
    hidden = page_data(site, "reparameterize")
    assert "solution" not in hidden
    assert 'data-testid="show-solution"' not in (site / "reparameterize.html").read_text()


def test_a_reference_that_fails_only_in_pyodide_is_never_built(tmp_path):
    project = link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))
    ref = project / "solutions" / "vae_elbo_loss" / "reference.py"
    ref.write_text(ref.read_text().replace(
        '    """Mean', '    import sys\n    if sys.platform == "emscripten":\n        return 0.0\n    """Mean'))
    with pytest.raises(BuildError, match="in Pyodide"):
        build_site(project, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_each_page_expects_every_row_of_the_reference_run(built):
    data = page_data(built, "vae_elbo_loss")
    assert len(data["expected"]) == 10 and all({"id", "name"} <= set(row) for row in data["expected"])
    page = (built / "vae_elbo_loss.html").read_text()
    assert '"expected": [{"id": "test_' in page


def test_build_with_slugs_builds_only_those(tmp_path):
    project = link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))
    copy_problem(project, "kl_diag_gaussian")
    site = build_site(project, tmp_path / "site", only=["kl_diag_gaussian"]).out
    assert (site / "kl_diag_gaussian.html").is_file() and not (site / "vae_elbo_loss.html").exists()
    assert "vae_elbo_loss" not in (site / "index.html").read_text()


def test_keep_going_builds_what_passes_and_lists_what_fails(tmp_path):
    import subprocess
    import sys

    project = link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))
    copy_problem(project, "kl_diag_gaussian")
    ref = project / "solutions" / "kl_diag_gaussian" / "reference.py"
    ref.write_text(ref.read_text().replace("np.sum(", "np.mean("))
    result = build_site(project, tmp_path / "site", strict=False)
    assert result.problems == ("vae_elbo_loss",) and list(result.broken) == ["kl_diag_gaussian"]
    assert not (result.out / "kl_diag_gaussian.html").exists(), "no error pages in a published build"
    # The command line says so and exits 1.
    done = subprocess.run([sys.executable, str(ROOT / "build_site.py"), "--root", str(project), "build",
                           "--keep-going", "--out", str(tmp_path / "site2")], capture_output=True, text=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "left out 1 problems that fail `check`: kl_diag_gaussian" in done.stderr
    assert (tmp_path / "site2" / "vae_elbo_loss.html").is_file()


def test_serve_uses_a_folder_of_its_own_and_removes_it(tmp_path):
    import threading

    from exercisekit.authoring.serve import serve

    project = link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(project,), kwargs={"port": 0, "stop": stop}, daemon=True)
    own = Project.at(project).preview_dir
    thread.start()
    for _ in range(1800):   # check runs both legs first: minutes on a loaded machine
        if (own / "index.html").is_file():
            break
        stop.wait(0.1)
    assert (own / "index.html").is_file() and not (project / "site").exists()
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive() and not own.exists(), "its pages must not outlive the preview"


@pytest.mark.parametrize("signature", ["class Zipper", "Write the update as a few lines of code"])
def test_any_signature_text_builds(tmp_path, signature):
    project = link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))
    meta = project / "exercise" / "vae_elbo_loss" / "problem.toml"
    meta.write_text(re.sub(r'(?m)^signature = .*$', f'signature = "{signature}"', meta.read_text()))
    site = build_site(project, tmp_path / "site").out
    page = (site / "vae_elbo_loss.html").read_text()
    assert signature in page


def test_a_page_that_cannot_be_rendered_is_named_and_the_rest_still_builds(tmp_path, monkeypatch):
    import exercisekit.site.build as build

    project = link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))
    copy_problem(project, "kl_diag_gaussian")
    real = build.render_statement

    def failing_for_one(problem, *args, **kwargs):   # stands in for any unforeseen rendering bug
        if problem.slug == "kl_diag_gaussian":
            raise IndexError("list index out of range")
        return real(problem, *args, **kwargs)

    monkeypatch.setattr(build, "render_statement", failing_for_one)
    result = build_site(project, tmp_path / "site", strict=False)
    assert result.problems == ("vae_elbo_loss",) and list(result.broken) == ["kl_diag_gaussian"]
    error = str(Project.at(project).shown(result.broken["kl_diag_gaussian"][0]))
    assert error.startswith("exercise/kl_diag_gaussian/problem.toml: its page could not be rendered (IndexError")
    assert not (result.out / "kl_diag_gaussian.html").exists()
    assert "kl_diag_gaussian" not in (result.out / "vae_elbo_loss.html").read_text()
    with pytest.raises(BuildError, match="kl_diag_gaussian: exercise/kl_diag_gaussian/problem.toml"):
        build_site(project, tmp_path / "strict")
    assert not (tmp_path / "strict").exists()
