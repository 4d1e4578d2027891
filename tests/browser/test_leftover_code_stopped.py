"""Code a run leaves running cannot answer or change a later Try it or plot (issue 29, point 4).

A run's code arms callbacks in its worker from Python (js.setTimeout and setInterval through
create_proxy, Pyodide's asyncio loop, queueMicrotask, a callback re-arming itself); each one,
when it fires, patches the runtime's session in place so that every later Try it answers
'FORGED' and every later plot says FORGED. The worker stops what a job scheduled when it
settles after it (web/static/worker_leftovers.mjs), and a worker in which such code ran after
its job is given no other job: Try it and the plots then come from a fresh worker. Driven
through window.exercise and data-testid hooks only.
"""
from __future__ import annotations

import json

import helpers
from helpers import SLUG, open_problem, pythons_for_runs, run_code, source, wait_ready

REFERENCE = source(f"solutions/{SLUG}/reference.py")

# Patches the session object itself (an instance attribute, which no restore between jobs
# looks at) and its class, so the very next Try it or plot would carry the forgery.
FORGE = '''
def _forge(*_):
    import gc
    import exercisekit.runtime.session as s
    def try_snippet(self, code, snippet):
        return s.TryAnswer(value="'FORGED'", stdout="FORGED\\n", error=None, traceback=[], line=None,
                           tainted=False, duration_ms=0.0)
    def sweep_curves(self, code):
        return s.SweepAnswer(curves=[], error="FORGED", traceback=[], line=None, stdout="", tainted=False,
                             duration_ms=0.0)
    s.Session.try_snippet = try_snippet
    s.Session.sweep_curves = sweep_curves
    for found in gc.get_objects():
        if isinstance(found, s.Session):
            found.try_snippet = try_snippet.__get__(found)
            found.sweep_curves = sweep_curves.__get__(found)
'''


def armed(arming: str) -> str:
    """The reference, with `arming` run when a run imports it (the runtime's run_tests is on
    the stack), once per worker; it prints ARMED then. Try it and the plots import the code
    too, but not through run_tests: there it arms nothing, so whatever they meet is the run's."""
    return (REFERENCE + "\n" + FORGE + "\nimport js, traceback\n"
            "if not hasattr(js, 'leftoverArmed') and any(f.name == 'run_tests' for f in traceback.extract_stack()):\n"
            "    setattr(js, 'leftoverArmed', True)\n    print('ARMED')\n"
            + "".join(f"    {line}\n" for line in arming.splitlines()))


# Callbacks that fire well after the run's worker settled: stopped before they ever run. (An
# asyncio task takes its first step at once, so here one is only started by a later callback.)
LATER = """import asyncio
from pyodide.ffi import create_proxy
js.setTimeout(create_proxy(_forge), 600)
js.setInterval(create_proxy(_forge), 250)
asyncio.get_event_loop().call_later(0.6, _forge)
async def _sleeper():
    await asyncio.sleep(0.3)
    _forge()
asyncio.get_event_loop().call_later(0.3, lambda: asyncio.ensure_future(_sleeper()))
def _again():
    _forge()
    js.setTimeout(create_proxy(_again), 200)
js.setTimeout(create_proxy(_again), 300)
"""

# Callbacks that fire before the worker settles, right after the result: they run, so that
# worker is let go and Try it and the plots go to a fresh one.
AT_ONCE = """import asyncio
from pyodide.ffi import create_proxy
js.setTimeout(create_proxy(_forge), 0)
js.queueMicrotask(create_proxy(_forge))
js.Promise.resolve(0).then(create_proxy(_forge))
asyncio.get_event_loop().call_soon(_forge)
async def _task():
    _forge()
asyncio.ensure_future(_task())
"""


def record_statuses(page):
    """Every status the page shows, from the first paint on, in window.__statuses; and how
    many Python workers the page started (helpers.COUNT_WORKERS)."""
    page.add_init_script(helpers.COUNT_WORKERS)
    helpers.record_statuses(page)


def wait_settled(page):
    """Ready after the run's own plots (they follow its result)."""
    page.wait_for_function("() => window.__statuses.at(-1) === 'ready: Ready'", timeout=90_000)


def honest_try_and_plot(page) -> tuple[dict, dict]:
    """What Try it and a fresh plot of the editor's code answer now."""
    answer = page.evaluate("() => window.exercise.tryIt('print(\"hi\")\\n6 * 7')")
    curves = page.evaluate("() => window.exercise.plot()")
    return answer, curves


def assert_honest(page, answer: dict, curves: dict):
    assert answer["value"] == "42" and answer["stdout"] == "hi\n" and not answer["error"], answer
    assert "FORGED" not in page.text_content("[data-testid=try-output]")
    assert curves["curves"] and not curves["error"], curves
    alts = page.locator("[data-testid=plot-alt]").all_text_contents()
    assert alts and not any("FORGED" in alt for alt in alts), alts


def pythons_once_the_spare_is_ready(page) -> int:
    """The page's Pythons for runs (helpers.pythons_for_runs) once the next run's spare has
    started and is ready: while the snapshot maker works, that spare waits to start."""
    page.wait_for_selector("[data-testid=status][data-spare=ready]", timeout=90_000)
    return pythons_for_runs(page)


def test_callbacks_a_run_leaves_never_reach_try_it_the_plots_or_the_next_run(page, base_url):
    """One page (its statuses and workers counted from the first paint on):
    1. a run arms callbacks that fire well after its worker settled (LATER): they are stopped
       before they ever run, so Try it and the plots, twice, answer honestly, nothing kept
       Python busy, and the run's own worker served them: the first worker and the next run's
       spare, two Pythons in all;
    2. the next run arms callbacks that fire right after its result (AT_ONCE): they run, so
       that worker is let go: Try it and the plots are honest, served by its spare, and
       another spare starts (two Pythons more);
    3. the run after that is as honest: its own fresh worker, the reference passing in full."""
    record_statuses(page)
    open_problem(page, base_url)
    wait_ready(page)
    result = run_code(page, armed(LATER))
    assert result["total"] and result["passed"] == result["total"], ("step 1: the arming run", result)
    assert "ARMED" in json.dumps(result), "step 1: the run armed its callbacks"
    wait_settled(page)
    page.wait_for_timeout(2_000)   # every callback above would have fired, some several times
    assert_honest(page, *honest_try_and_plot(page))
    page.wait_for_timeout(1_000)
    assert_honest(page, *honest_try_and_plot(page))
    # Nothing kept the worker busy either: the page never had to stop a Python.
    assert not any("kept Python busy" in status for status in page.evaluate("() => window.__statuses")), "step 1"
    # The run's own worker served them all (its code was stopped, none of it ran, and the
    # plot and Try-it jobs left nothing that ran): the first worker and the next run's spare.
    assert pythons_once_the_spare_is_ready(page) == 2, "step 1: a Python more than the run's and its spare"

    result = run_code(page, armed(AT_ONCE))
    assert result["total"] and result["passed"] == result["total"], ("step 2: the arming run", result)
    assert "ARMED" in json.dumps(result), "step 2: the run armed its callbacks"
    wait_settled(page)
    assert_honest(page, *honest_try_and_plot(page))
    # The run's worker was let go: its plots took the spare, and another spare started.
    assert pythons_once_the_spare_is_ready(page) == 4, "step 2: the run's worker was not let go"

    result = run_code(page, REFERENCE)
    assert result["passed"] == result["total"], ("step 3: the next run", result)
