"""Spares restored from the maker's memory snapshot, in Chromium (issue 33): once the first
Python is ready a maker posts a snapshot, later spares restore from it and judge exactly as
a booted one (the reference passes, a known-wrong solution fails), each restored spare draws
its own random numbers unless the code seeds them, at most two workers live at once, and a
snapshot that will not restore (forced through the documented `?spare-snapshot=corrupt`
hook) falls back to a normal boot with the same verdicts."""
from __future__ import annotations

import pytest
from helpers import COUNT_WORKERS, ROOT, run_code, wait_ready

SLUG = "kl_diag_gaussian"
REFERENCE = (ROOT / "solutions" / SLUG / "reference.py").read_text(encoding="utf-8")
WRONG = sorted((ROOT / "solutions" / SLUG / "wrong").glob("*.py"))[0].read_text(encoding="utf-8")
DRAW = "import random, numpy as np\n(random.random(), float(np.random.rand()))"
SEEDED = "import random, numpy as np\nrandom.seed(7)\nnp.random.seed(7)\n(random.random(), float(np.random.rand()))"

def open_with(page, base_url: str, mode: str) -> None:
    page.add_init_script(COUNT_WORKERS)
    page.goto(f"{base_url}{SLUG}.html?spare-snapshot={mode}")
    wait_ready(page)


def snapshot_report(page) -> dict:
    return page.evaluate("() => window.exercise.spareSnapshot()")


def wait_spare(page) -> None:
    page.wait_for_selector("[data-testid=status][data-spare=ready]", timeout=180_000)


def passes(result: dict) -> bool:
    return result["passed"] == result["total"] > 0 and result["stop"] is None


def judged(page) -> tuple[dict, dict]:
    """The reference's and the known-wrong solution's results, each in a fresh spare."""
    right = run_code(page, REFERENCE)
    wait_spare(page)
    wrong = run_code(page, WRONG)
    wait_spare(page)
    return right, wrong


def test_spares_restore_from_the_makers_snapshot_and_judge_as_booted_ones(page, base_url):
    open_with(page, base_url, "on")
    page.wait_for_function("() => window.exercise.spareSnapshot().state === 'ready'", timeout=180_000)
    first = run_code(page, REFERENCE)   # the page's first Python, booted
    assert passes(first), first
    wait_spare(page)
    assert snapshot_report(page)["restored"] == 1
    right, wrong = judged(page)   # both in restored spares
    assert passes(right), right
    assert wrong["total"] == right["total"] and wrong["passed"] < wrong["total"], wrong
    report = snapshot_report(page)
    assert (report["state"], report["restored"], report["fellBack"], report["boots"]) == ("ready", 3, 0, 0), report
    # Try it runs in the used worker: the last run's restored spare, and the one before it.
    drawn, seeded = [], []
    for _ in range(2):
        drawn.append(page.evaluate("(s) => window.exercise.tryIt(s)", DRAW)["value"])
        seeded.append(page.evaluate("(s) => window.exercise.tryIt(s)", SEEDED)["value"])
        run_code(page, REFERENCE)
        wait_spare(page)
    (python_a, numpy_a), (python_b, numpy_b) = (value.strip("()").split(", ") for value in drawn)
    assert python_a != python_b and numpy_a != numpy_b, drawn
    assert seeded[0] == seeded[1], "seeded draws must repeat"
    assert page.evaluate("() => window.__workers.most") <= 2


@pytest.mark.parametrize("mode", ["corrupt"])
def test_a_snapshot_that_will_not_restore_falls_back_to_a_normal_boot(page, base_url, mode):
    open_with(page, base_url, mode)
    page.wait_for_function("() => window.exercise.spareSnapshot().state === 'ready'", timeout=180_000)
    first = run_code(page, REFERENCE)
    assert passes(first), first
    wait_spare(page)
    report = snapshot_report(page)
    assert (report["state"], report["restored"], report["fellBack"]) == ("off", 0, 1), report
    assert "invalid magic number" in report["reason"], report
    right, wrong = judged(page)   # in normally booted spares
    assert passes(right), right
    assert wrong["passed"] < wrong["total"] == right["total"], wrong
    assert snapshot_report(page)["restored"] == 0
    assert page.evaluate("() => window.__workers.most") <= 2
