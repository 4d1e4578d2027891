"""The tool as an instructor installs it: a wheel built from this repository, installed into a
fresh venv, runs `exercisekit init`, `new`, `check` and `build` on a course folder outside the
repository, and the page of the new problem is solved in Chromium.

Runs offline: the wheel is installed with --no-deps and its dependencies are read from this
checkout's .venv (a .pth line, which does not expose the editable install living there); npm
fetches the browser runtime from its cache; the vendored wheels are linked into the tool's
fresh user cache as `make setup` links them into a worktree. About a minute.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import threading
from pathlib import Path

import pytest
from projects import repository_wheel

ROOT = Path(__file__).resolve().parents[2]


def run(args: list, cwd: Path, env: dict, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run a command; fail the test with its output when it fails."""
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A fresh venv with the built wheel installed, and a course made with it: its paths."""
    tmp = tmp_path_factory.mktemp("install")
    wheel = repository_wheel(tmp)
    run([sys.executable, "-m", "venv", tmp / "venv"], tmp, dict(os.environ))
    bin_dir = tmp / "venv" / "bin"
    run([bin_dir / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel], tmp, dict(os.environ))
    site_packages = Path(run([bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             tmp, dict(os.environ)).stdout.strip())
    (site_packages / "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    cache = tmp / "user-cache"
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "EXERCISEKIT_HOME", "VIRTUAL_ENV")}
    env.update(XDG_CACHE_HOME=str(cache), PATH=f"{bin_dir}{os.pathsep}{env['PATH']}")
    version = run([bin_dir / "python", "-c", "import exercisekit; print(exercisekit.__version__, exercisekit.__file__)"],
                  tmp, env).stdout.split()
    assert Path(version[1]).is_relative_to(site_packages), f"imported {version[1]}, not the installed wheel"
    vendor = cache / "exercisekit" / version[0] / ".cache" / "vendor"
    vendor.mkdir(parents=True)
    for cached in (ROOT / ".cache" / "vendor").glob("*.whl"):
        (vendor / cached.name).symlink_to(cached.resolve())

    work = tmp / "elsewhere"
    work.mkdir()
    init = run(["exercisekit", "init", "my-course", "--title", "Numerics 101"], work, env)
    course = work / "my-course"
    new = run(["exercisekit", "new", "dot_product"], course, env)
    check = run(["exercisekit", "check"], course, env)
    build = run(["exercisekit", "--root", course, "build", "--out", tmp / "site"], work, env)
    return {"course": course, "site": tmp / "site", "bin": bin_dir, "tool_home": vendor.parents[1], "outputs":
            {"init": init.stdout, "new": new.stdout, "check": check.stdout, "build": build.stdout}}


def test_init_writes_a_course_that_checks_and_builds(installed):
    course = installed["course"]
    for name in ("course.toml", "README.md", ".gitignore", ".github/workflows/site.yml",
                 "exercise/sum_of_squares/problem.toml", "solutions/sum_of_squares/reference.py",
                 "hidden_tests/sum_of_squares/test_sum_of_squares.py", "exercise/dot_product/statement.md"):
        assert (course / name).is_file(), f"{name} missing from the new course"
    assert 'title = "Numerics 101"' in (course / "course.toml").read_text()
    workflow = (course / ".github/workflows/site.yml").read_text()
    assert "exercisekit check" in workflow and "actions/deploy-pages" in workflow
    assert not (course / "node_modules").exists(), "the course needs no node_modules of its own"
    assert "2 of 2 problems ok" in installed["outputs"]["check"]
    assert "built 2 problems" in installed["outputs"]["build"]
    site = installed["site"]
    for page in ("index.html", "sum_of_squares.html", "dot_product.html"):
        assert (site / page).is_file(), f"{page} not built"
    assert "Sum of squares" in (site / "index.html").read_text()
    # The templates, scripts and node_modules came from the tool's own folder in the user cache.
    assert (installed["tool_home"] / "web" / "templates" / "problem.html").is_file()
    assert (installed["tool_home"] / "node_modules" / "pyodide").is_dir()


def test_node_missing_is_reported_with_what_to_install(installed):
    script = installed["bin"] / "exercisekit"
    # Only the venv on PATH: no node, no npm.
    env = {"PATH": str(script.parent), "HOME": os.environ.get("HOME", "/root"),
           "XDG_CACHE_HOME": str(installed["tool_home"].parents[1])}
    done = subprocess.run([str(script), "check"], cwd=installed["course"], env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert "node and npm not found on PATH" in done.stderr and "install Node 20" in done.stderr, done.stderr


SOLVE_IN_CHROMIUM = """
import json, sys
from playwright.sync_api import sync_playwright
chromium, url = sys.argv[1:]
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
    page = browser.new_page()
    page.set_default_timeout(90_000)
    page.goto(url)
    page.wait_for_selector("[data-testid=status][data-state=ready]")
    page.evaluate("(code) => window.exercise.setCode(code)", sys.stdin.read())
    print(json.dumps(page.evaluate("() => window.exercise.runTests()")))
    browser.close()
"""


@pytest.mark.browser
def test_the_new_problem_is_solved_in_chromium(installed):
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is not installed: run `make test` (it installs it)"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(installed["site"]))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    reference = (installed["course"] / "solutions" / "dot_product" / "reference.py").read_text()
    url = f"http://127.0.0.1:{server.server_address[1]}/dot_product.html"
    # In a process of its own: the browser tests' session may already hold Playwright's loop
    # in this one, and the sync API refuses to start a second.
    try:
        done = subprocess.run([sys.executable, "-c", SOLVE_IN_CHROMIUM, chromium, url], input=reference,
                              capture_output=True, text=True, timeout=300)
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["total"] == 3 and result["passed"] == 3, result
