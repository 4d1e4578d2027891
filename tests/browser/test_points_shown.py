"""Issue 31: a problem whose tests weigh differently shows each test's points, in the hidden
test list and on its result row; a problem of equal weights shows none. In Chromium, on the
built site: gd_step weighs its tests 1, 3, 2, 1; vae_elbo_loss weighs them all 1, which
test_problem_page.py checks on its journey's page (equal_weights_show_no_points): a page load
boots Python (issue 30)."""
from __future__ import annotations

import tomllib

from helpers import ROOT, open_problem, run_code, source, wait_ready


def authored_points(slug: str) -> dict[str, float]:
    tests = tomllib.loads((ROOT / "exercise" / slug / "problem.toml").read_text())["tests"]
    return {(e if isinstance(e, str) else e["title"]): (1 if isinstance(e, str) else e.get("points", 1))
            for e in tests.values()}


def shown(points: float) -> str:
    return f"{points:g} point{'' if points == 1 else 's'}"


def test_weighted_tests_show_their_points_in_the_list_and_on_each_row(page, base_url):
    points = authored_points("gd_step")
    assert sorted(points.values()) == [1, 1, 2, 3]
    open_problem(page, base_url, "gd_step")
    listed = page.locator(".tests-list li")
    assert [listed.nth(i).inner_text() for i in range(listed.count())] == \
        [f"{name} {shown(p)}" for name, p in points.items()]
    wait_ready(page)
    run_code(page, source("solutions/gd_step/wrong/sum_not_mean.py"))
    rows = page.locator("[data-testid=result]")
    got = {rows.nth(i).get_attribute("data-name"): rows.nth(i).locator("[data-testid=row-points]").inner_text()
           for i in range(rows.count())}
    assert got == {name: shown(p) for name, p in points.items()}

