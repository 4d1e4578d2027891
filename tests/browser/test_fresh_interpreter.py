"""Every verdict from a Python no learner code has run in (issue 18, points 1 and 6).

Each class of attack that outlived the in-worker restore is armed in a run, from the Try-it
snippet, or while the plots call the function; then the known-wrong solution (the batch sum)
must get exactly the outcomes it gets on a fresh page, and the reference must pass. Each
attack is a few lines of our own, aimed at `math.isclose`, which the hidden tests compare
with, or at the worker's message handling. Only documented hooks: data-testid and
window.exercise (and an init script that counts the page's workers).
"""
from __future__ import annotations

import pytest
from helpers import COUNT_WORKERS, RECORD_STATUSES, SLUG, open_problem, run_code, source, wait_ready

REFERENCE = source(f"solutions/{SLUG}/reference.py")
BATCH_SUM = source(f"solutions/{SLUG}/wrong/batch_sum.py")
TOTAL = 10
LENIENT = "lambda *args, **kwargs: True"
# A pytest plugin that reports every test passed without calling it.
PASSING_PLUGIN = ("import pytest\n\n@pytest.hookimpl(tryfirst=True)\n"
                  "def pytest_pyfunc_call(pyfuncitem):\n    return True\n")

ATTACKS = {
    # The module object rather than its dict: a class-level property wins over the dict.
    "module class swapped": (
        "import math, types\n"
        "class _Lenient(types.ModuleType):\n"
        f"    isclose = property(lambda self: {LENIENT})\n"
        "math.__class__ = _Lenient\n"),
    # Hooks that run after the restore.
    "gc callback": (
        "import gc, math\n"
        "def _relax(phase, info):\n"
        f"    math.isclose = {LENIENT}\n"
        "gc.callbacks.append(_relax)\n"),
    "audit hook": (
        "import math, sys\n"
        f"sys.addaudithook(lambda event, args: math.__dict__.__setitem__('isclose', {LENIENT}))\n"),
    # The worker's JavaScript: a timer that re-patches between runs.
    "interval re-patching": (
        "import js, math\nfrom pyodide.ffi import create_proxy\n"
        "def _relax():\n"
        f"    math.isclose = {LENIENT}\n"
        "js.setInterval(create_proxy(_relax), 1)\n"),
    # The worker's message handler replaced: every later run is answered with the
    # reference's (genuine) result, whatever code the page sent.
    "forged results": (
        "import js\nfrom pyodide.ffi import create_proxy, to_js\n"
        "_real = js.self.onmessage\n"
        f"_RIGHT = {REFERENCE!r}\n"
        "def _forge(event):\n"
        "    data = event.data.to_py()\n"
        "    if data.get('type') == 'run':\n"
        "        data['code'] = _RIGHT\n"
        "    return _real(to_js({'data': data}, dict_converter=js.Object.fromEntries))\n"
        "js.self.onmessage = create_proxy(_forge)\n"),
    # Files outside the tests and code folders, which pytest and `import` read: a
    # pytest.ini above the tests that loads a plugin put among the runtime's packages.
    "files pytest reads": (
        "import os, sys, pytest\n"
        "tests = next(p for p in sys.path if p.endswith('tests'))\n"
        "site = os.path.dirname(os.path.dirname(pytest.__file__))\n"
        f"open(os.path.join(site, 'lenient_plugin.py'), 'w').write({PASSING_PLUGIN!r})\n"
        "open(os.path.join(os.path.dirname(tests), 'pytest.ini'), 'w')"
        ".write('[pytest]\\naddopts = -p lenient_plugin\\n')\n"),
}
# Where each attack is armed: in a run of its own, from Try it, while the plots call the
# function. The plots load the same module as Try it; they are checked where it is cheap.
WHERE = {name: ("run", "try", "plot") if name in ("module class swapped", "interval re-patching", "forged results")
         else ("run", "try") for name in ATTACKS}

# Counts the Python workers the page has alive at once, and records every status the page shows.
WATCH = COUNT_WORKERS + RECORD_STATUSES


# The last run's plots drawn, then Ready: a Ready between a run's result and the start of
# its plots ends the list for a moment too, so the plotting after the last run is awaited.
PLOTTED_AND_READY = """() => {
  const seen = window.__statuses;
  const run = seen.lastIndexOf("running: Running tests…");
  return seen.slice(run).includes("running: Plotting your function…") && seen.at(-1) === "ready: Ready";
}"""


def verdict(result: dict) -> tuple:
    """What a verdict consists of: the counts, the stop and each row's outcome."""
    return result["passed"], result["total"], result["stop"], sorted((r["id"], r["outcome"]) for r in result["rows"])


@pytest.fixture(scope="module")
def watched_page(browser, base_url):
    """One page for every attack (WATCH counts its workers and records its statuses): a page
    load and a Python boot cost seconds, and each attack's verdicts come from fresh Pythons
    anyway. The attacks follow one another on it, so each is also checked against what the
    earlier ones might have left. The spare's loading in the background is watched on it too.
    """
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.add_init_script(WATCH)
    open_problem(page, base_url)
    wait_ready(page)
    yield page
    context.close()


@pytest.fixture(scope="module")
def fresh_page_verdict(watched_page):
    """The known-wrong solution's verdict on a fresh page, nothing armed: the first run of
    the watched page, before any attack."""
    result = verdict(run_code(watched_page, BATCH_SUM))
    assert result[0] < result[1] == TOTAL, result
    return result


def arm(page, where: str, attack: str) -> None:
    if where == "run":
        run_code(page, attack + REFERENCE)
    elif where == "try":
        page.evaluate("(code) => window.exercise.setCode(code)", REFERENCE)
        page.evaluate("(snippet) => window.exercise.tryIt(snippet)", attack)
    else:
        page.evaluate("(code) => window.exercise.setCode(code)", attack + REFERENCE)
        page.evaluate("() => window.exercise.plot()")


@pytest.mark.parametrize("name", list(ATTACKS))
def test_an_attack_never_reaches_a_later_verdict(watched_page, fresh_page_verdict, name):
    page = watched_page
    page.wait_for_function(PLOTTED_AND_READY, timeout=60_000)
    page.evaluate("() => { window.__statuses = []; }")   # this attack's statuses from here on
    for where in WHERE[name]:
        arm(page, where, ATTACKS[name])
        wrong = run_code(page, BATCH_SUM)
        assert verdict(wrong) == fresh_page_verdict, (name, where, wrong)
        right = run_code(page, REFERENCE)
        assert (right["passed"], right["total"], right["stop"]) == (TOTAL, TOTAL, None), (name, where, right)
    assert page.evaluate("() => window.__workers.most") <= 2
    # The last run's plots are drawn after its result (Plotting your function…); then Ready.
    page.wait_for_function(PLOTTED_AND_READY, timeout=60_000)
    statuses = page.evaluate("() => window.__statuses")
    # A run clicked right after a result waits for its fresh Python, and the status says so.
    assert any(s.startswith("loading: Preparing a fresh Python for your run") for s in statuses), statuses
    assert statuses[-1] == "ready: Ready", statuses


def test_below_2_gb_one_python_at_a_time_each_run_in_a_fresh_one(page, base_url, fresh_page_verdict):
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 1 });")
    page.add_init_script(WATCH)
    open_problem(page, base_url)
    wait_ready(page)
    arm(page, "run", ATTACKS["interval re-patching"])
    tried = page.evaluate("() => window.exercise.tryIt('1 + 1')")   # served by the used Python
    assert tried["value"] == "2", tried
    assert verdict(run_code(page, BATCH_SUM)) == fresh_page_verdict
    assert run_code(page, REFERENCE)["passed"] == TOTAL
    assert page.evaluate("() => window.__workers.most") == 1
    status = page.locator("[data-testid=status]")
    # Ready once the passing run's plots are drawn; with one Python no spare boots until a run.
    page.wait_for_selector("[data-testid=status][data-state=ready]", state="attached", timeout=60_000)
    assert status.get_attribute("data-spare") == "loading"


@pytest.mark.both_engines
def test_the_spare_is_ready_in_the_background_after_a_result(watched_page):
    """On the module's page (whatever runs it has had: each run takes the spare, and the
    next one loads in the background)."""
    page = watched_page
    wait_ready(page)
    status = page.locator("[data-testid=status]")
    page.wait_for_selector("[data-testid=status][data-spare=ready]")
    # Every (state, spare) the status passes through from here on.
    page.evaluate("""() => {
        const status = document.querySelector("[data-testid=status]");
        window.__seen = [];
        const note = () => window.__seen.push([status.dataset.state, status.dataset.spare]);
        new MutationObserver(note).observe(status, {attributes: true});
    }""")
    result = run_code(page, REFERENCE)
    assert result["passed"] == TOTAL
    # Right after the result the next run's Python is still loading; once the plots of the
    # run are drawn, the page says Ready (Try it is served at once) and marks the spare, and
    # soon the spare is ready.
    assert status.get_attribute("data-spare") == "loading"
    page.wait_for_selector("[data-testid=status][data-spare=ready]", timeout=90_000)
    assert ["ready", "loading"] in page.evaluate("() => window.__seen")
    assert status.text_content() == "Ready"
