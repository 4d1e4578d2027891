"""Builds never mix (issue 18, point 4): a page keeps running the tests it was built with.

A host that revalidates every request and ignores query strings (as Netlify's defaults
do) served `data/SLUG.json?v=OLD` from the new build after a redeploy, so an open page
whose worker restarted ran the new build's hidden tests. The data is now content-named and
checked against the SHA-256 in the page's config: after a redeploy the restarted worker
refuses what it gets and the page says to reload."""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest
from helpers import QuietServer, run_code
from projects import link_build_inputs, write_problem

from exercisekit.site.build import build_site

SLUG = "twice"
OLD_TESTS = "from twice import twice\n\n\ndef test_a():\n    assert twice(2) == 4\n"
# The redeploy adds a hidden test: the old page must never show or run it.
NEW_TESTS = OLD_TESTS + "\n\ndef test_new_build():\n    assert twice(5) == 10\n"
REFERENCE = "def twice(x):\n    return 2 * x\n"
# Every run has a fresh Python, whose new worker loads the data again; this one also
# leaves its own Python in a state that cannot be restored.
FORCES_A_RESTART = ("import os, shutil\nhere = os.getcwd()\nos.chdir('/')\n"
                    "shutil.rmtree(here, ignore_errors=True)\n" + REFERENCE)


class RevalidatingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder as it is now, ignores query strings (the standard library's
    handler does), and tells the browser to revalidate everything."""

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        pass


def deploy(project: Path, out: Path, tests: str, names: dict[str, str]) -> None:
    """Build the one-problem project into `out` (replacing what was there) with `tests`."""
    (project / "hidden_tests" / SLUG / f"test_{SLUG}.py").write_text(tests)
    toml = project / "exercise" / SLUG / "problem.toml"
    head = toml.read_text().split("[tests]")[0]
    toml.write_text(head + "[tests]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in names.items()))
    build_site(project, out, service_worker=False)


def config_of(site: Path) -> dict:
    html = (site / f"{SLUG}.html").read_text()
    return json.loads(html.split('id="exercise-config">')[1].split("</script>")[0])


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """The one-problem project built twice, once per test module: (the old build, the new
    build with a hidden test added). A deploy copies one of them to the served folder."""
    root = tmp_path_factory.mktemp("builds")
    project = link_build_inputs(write_problem(root / "project", SLUG, tests=OLD_TESTS,
                                              names={"test_a": "Doubles 2"}, reference=REFERENCE))
    deploy(project, root / "old", OLD_TESTS, {"test_a": "Doubles 2"})
    deploy(project, root / "new", NEW_TESTS, {"test_a": "Doubles 2", "test_new_build": "Doubles 5"})
    return root / "old", root / "new"


def put_in_place(site: Path, out: Path) -> None:
    """Deploy a built `site` to the served folder `out`: what was there is gone."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(site, out)


@pytest.fixture
def deployed(builds, tmp_path):
    old, new = builds
    out = tmp_path / "public"
    put_in_place(old, out)
    server = QuietServer(("127.0.0.1", 0),
                                             functools.partial(RevalidatingHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield new, out, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("old_data", ["gone", "replaced by the new build's"])
def test_a_redeploy_between_two_runs_never_runs_the_new_tests_on_the_old_page(page, deployed, old_data):
    new_build, out, url = deployed
    old_config = config_of(out)
    # Spares that boot from scratch fetch the problem's data again: that is the path where a
    # redeploy can reach an old page. (A spare restored from the page's snapshot keeps the old
    # build's tests in memory, as the old page expects.)
    page.goto(f"{url}{SLUG}.html?spare-snapshot=off")
    page.wait_for_selector("[data-testid=status][data-state=ready]", timeout=90_000)
    first = run_code(page, REFERENCE)
    assert [row["id"] for row in first["rows"]] == ["test_a"] and first["passed"] == 1
    # The next run's fresh Python loads (this build's data) while the learner reads.
    page.wait_for_selector("[data-testid=status][data-spare=ready]", timeout=90_000)

    put_in_place(new_build, out)
    new_config = config_of(out)
    assert new_config["runtime"]["dataUrl"] != old_config["runtime"]["dataUrl"]
    if old_data != "gone":   # a host that serves other content under the old name: the hash refuses it
        shutil.copyfile(out / new_config["runtime"]["dataUrl"], out / old_config["runtime"]["dataUrl"])

    # The spare still has the old tests in memory; the one that boots after it does not.
    second = run_code(page, FORCES_A_RESTART)
    assert [row["id"] for row in second["rows"]] == ["test_a"]
    page.wait_for_selector("[data-testid=status][data-state=error]", timeout=90_000)
    status = page.locator("[data-testid=status]").text_content()
    assert "reload the page" in status, status

    third = run_code(page, REFERENCE)
    assert "test_new_build" not in [row["id"] for row in third["rows"]], third
    assert third["stop"] is not None and third["stop"]["kind"] == "startup_failure", third
