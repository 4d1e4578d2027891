#!/usr/bin/env python3
"""Issue 33's figures, each with the feature on and off in the same run (headless Chromium):

    python bench/spares.py [--runs N] [--site FOLDER] [--out FILE]

Three pages are measured one after the other in each run, so all see the same load:
- on (keys without a suffix): the page as shipped, one compiled pyodide.asm.wasm for every
  worker (shared_wasm.mjs) and spares restored from the maker's memory snapshot
  (snapshot_page.mjs);
- shared (`_shared`): snapshots turned off by the page's flag (`?spare-snapshot=off`), so
  every spare boots, on the shared compiled module;
- off (`_off`): both off: the flag, and `WebAssembly.compileStreaming` removed from the
  page's own realm (an init script), so it posts no Module and each worker compiles its
  own, as Pyodide does (the workers' realms are untouched).
Medians and spreads over the runs are printed with each target and whether its median is
met. Spares are measured once the page's snapshot is made (or turned off), so a figure is
the steady state a learner has after the first minute, not the maker's first boot.

- spare_ready_ms / spare_ready_off_ms: from a run's result to the next spare ready (a run of
  code that does not load, so no plot job shares the time);
- spare_cpu_ms / spare_cpu_off_ms: the renderer processes' CPU over that time;
- first_run_after_restore_ms: click to result of the reference (every test run) in a spare
  made after a result, against the same in a booted spare (`_off`): what V8 optimising the
  restored code again costs the first run;
- runtime_ready_ms (and _off): a cold visit's navigation to Ready, against baseline_ready_ms,
  a bare page that boots the same Pyodide and numpy in a worker;
- next_after_solve_ms: Next clicked the moment a run solves the problem, to the next problem
  ready, against that page's own runtime_ready_ms; next_later_ms: the same click once the
  spare is ready, for comparison;
- peak_renderer_bytes (two Pythons, the spare beside the used one) against
  one_worker_peak_renderer_bytes (the low-memory policy, one Python);
- first_visit_bytes: what a cold visit downloads up to Ready (gzip, as a compressing host
  sends it), and wasm_fetches: how many times the page and its workers requested
  pyodide.asm.wasm (from a cache or the network) up to the second spare ready.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import (  # noqa: E402
    CHROMIUM_ARGS,
    NEXT_READY,
    ROOT,
    RUN_MARKED,
    RUNTIME_READY,
    SLUG,
    SPARE_AFTER,
    SPARE_READY,
    bytes_of,
    measure_baseline,
    renderer_figures,
    serve,
    timed,
    wait_value,
    write_baselines,
)

OFF = "delete WebAssembly.compileStreaming;"   # the page compiles nothing, so it posts no Module
# mode -> (the key suffix, the URL's query, the init script)
MODES = {"on": ("", "", ""), "shared": ("_shared", "?spare-snapshot=off", ""),
         "off": ("_off", "?spare-snapshot=off", OFF)}
SNAPSHOT_SETTLED = "() => { const s = window.exercise.spareSnapshot(); return s.state !== 'waiting' && s.state !== 'making'; }"
ONE_WORKER = "Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 1 });"
NOT_LOADING = "def broken(:\n"   # a run whose code does not load: no plots follow it
REFERENCE = (ROOT / "solutions" / SLUG / "reference.py").read_text()
NEXT_SHOWN = "() => { const n = document.querySelector('[data-testid=next]'); return n && !n.hidden; }"
CLICK_NEXT = "() => { const at = performance.now(); document.querySelector('[data-testid=next] a').click(); return at; }"


def new_page(browser, mode: str, one_worker: bool = False):
    context = browser.new_context()
    context.add_init_script(MODES[mode][2] + (ONE_WORKER if one_worker else ""))
    page = context.new_page()
    page.set_default_timeout(120_000)
    return context, page


def problem_url(base: str, mode: str) -> str:
    return base + f"{SLUG}.html" + MODES[mode][1]


def wait_for_snapshot(page) -> None:
    """Until the page's snapshot is made, turned off or given up: later spares restore."""
    page.wait_for_function(SNAPSHOT_SETTLED, polling=100, timeout=120_000)


def visit_and_spares(browser, base: str, site: Path, mode: str, spares: int = 2) -> dict:
    """A cold visit to Ready, then `spares` runs each followed by the next spare's boot:
    its wall time and the renderer's CPU; the visit's bytes, wasm requests and peak memory."""
    context, page = new_page(browser, mode)
    cdp = browser.new_browser_cdp_session()
    urls: list[str] = []   # the page's and its workers' requests; not the service worker's precache
    context.on("request", lambda request: None if request.service_worker else urls.append(request.url))
    page.goto(problem_url(base, mode), wait_until="commit")
    figures = {"runtime_ready_ms": wait_value(page, RUNTIME_READY)}
    first_visit = set(urls)
    wait_for_snapshot(page)
    page.evaluate("(code) => window.exercise.setCode(code)", NOT_LOADING)
    ready, cpu = [], []
    for _ in range(spares):
        page.wait_for_selector(SPARE_READY, state="attached", timeout=120_000)
        page.wait_for_timeout(500)
        page.evaluate(RUN_MARKED)
        shown, _ = renderer_figures(cdp)
        ready.append(page.evaluate(SPARE_AFTER))
        cpu.append((renderer_figures(cdp)[0] - shown) * 1000)
    _, figures["peak_renderer_bytes"] = renderer_figures(cdp)
    figures["first_run_after_restore_ms"] = first_runs_in_spares(page)
    figures.update(spare_ready_ms=statistics.median(ready), spare_cpu_ms=statistics.median(cpu),
                   first_visit_bytes=bytes_of(first_visit, base, site),
                   wasm_fetches=sum(url.endswith("pyodide.asm.wasm") for url in urls))
    cdp.detach()
    context.close()
    return figures


def first_runs_in_spares(page, runs: int = 3) -> float:
    """The median click to result of the reference, each run in a spare made after the last
    result (restored from the snapshot when on), once its plots are drawn."""
    page.evaluate("(code) => window.exercise.setCode(code)", REFERENCE)
    times = []
    for _ in range(runs):
        page.wait_for_selector(SPARE_READY, state="attached", timeout=120_000)
        wait_value(page, RUNTIME_READY)   # the last run's plots are drawn: nothing shares the run
        page.wait_for_timeout(500)
        times.append(page.evaluate(RUN_MARKED))
    return statistics.median(times)


def one_worker_peak(browser, base: str, mode: str) -> int:
    """The renderer's peak memory with one Python at a time, over a visit and two runs."""
    context, page = new_page(browser, mode, one_worker=True)
    cdp = browser.new_browser_cdp_session()
    page.goto(problem_url(base, mode))
    wait_value(page, RUNTIME_READY)
    page.evaluate("(code) => window.exercise.setCode(code)", NOT_LOADING)
    for _ in range(2):
        page.evaluate(RUN_MARKED)
    _, peak = renderer_figures(cdp)
    cdp.detach()
    context.close()
    return peak


def next_after_solve(browser, base: str, mode: str, at_once: bool) -> dict:
    """A cold visit to Ready, a solving run, then Next: clicked the moment it shows
    (`at_once`) or once the spare is ready. Click to the next problem ready."""
    context, page = new_page(browser, mode)
    page.goto(problem_url(base, mode), wait_until="commit")
    ready = wait_value(page, RUNTIME_READY)
    wait_for_snapshot(page)
    page.wait_for_selector(SPARE_READY, state="attached", timeout=120_000)
    page.evaluate("(code) => window.exercise.setCode(code)", REFERENCE)
    slug = page.locator("[data-testid=next] a").get_attribute("href").removesuffix(".html")
    page.click("[data-testid=run]")
    page.wait_for_function(NEXT_SHOWN, polling="raf", timeout=120_000)
    if not at_once:
        page.wait_for_selector(SPARE_READY, state="attached", timeout=120_000)
    clicked = page.evaluate(CLICK_NEXT)
    done = page.wait_for_function(NEXT_READY, arg=slug, polling="raf", timeout=120_000).json_value()
    context.close()
    key = "next_after_solve_ms" if at_once else "next_later_ms"
    return {key: done - clicked, f"{key[:-3]}_page_ready_ms": ready}


def one_run(browser, base: str, site: Path) -> dict:
    """Every figure once in each mode (keys with its suffix), and the bare baseline."""
    figures = {"baseline_ready_ms": measure_baseline(browser, base, site)[0]}
    for mode, (suffix, _, _) in MODES.items():
        measured = visit_and_spares(browser, base, site, mode)
        measured["one_worker_peak_renderer_bytes"] = one_worker_peak(browser, base, mode)
        for at_once in (True, False):
            measured.update(next_after_solve(browser, base, mode, at_once))
        for key, value in measured.items():
            name = key.replace("_ms", f"{suffix}_ms") if key.endswith("_ms") else f"{key}{suffix}"
            figures[name] = value
    return figures


def ratio(figures: dict, key: str, base: str) -> float:
    return figures[key] / figures[base]


# (figure, what it is compared with, the target's factor, the target as the issue states it)
TARGETS = [
    ("spare_ready_ms", "spare_ready_off_ms", 0.25, "spare ready at most 0.25x off"),
    ("spare_cpu_ms", "spare_cpu_off_ms", 0.35, "spare CPU at most 0.35x off"),
    ("first_run_after_restore_ms", "first_run_after_restore_off_ms", 1.5,
     "first run after restore at most 1.5x a run in a booted spare"),
    ("next_after_solve_ms", "next_after_solve_page_ready_ms", 0.3, "next after solve at most 0.3x runtime_ready_ms"),
    ("peak_renderer_bytes", "one_worker_peak_renderer_bytes", 1.3, "memory with spares at most 1.3x one Python"),
    ("runtime_ready_ms", "baseline_ready_ms", 1.3, "runtime_ready_ms at most 1.3x bare Pyodide"),
    ("runtime_ready_off_ms", "baseline_ready_ms", 1.3, "(off) runtime_ready_ms at most 1.3x bare Pyodide"),
    # What each feature gives alone: the shared module against both off, snapshots against the shared module.
    ("spare_ready_shared_ms", "spare_ready_off_ms", 0.25, "(shared module only) spare ready against off"),
    ("spare_ready_ms", "spare_ready_shared_ms", 0.25, "(snapshots' own part) spare ready against shared only"),
    ("next_after_solve_shared_ms", "next_after_solve_page_ready_shared_ms", 0.3, "(shared only) next after solve"),
]


def amount(key: str, value: float) -> str:
    if "bytes" in key:
        return f"{value / 1e6:.2f} MB" if value >= 1e6 else f"{value / 1e3:.1f} KB"
    return f"{value:.0f} ms" if "_ms" in key else f"{value:g}"


def report(samples: dict[str, list[float]], meta: str) -> str:
    medians = {key: statistics.median(values) for key, values in samples.items()}
    lines = [meta, "", f"{'figure':<40} {'median':>10}  spread (min-max)"]
    for key, values in samples.items():
        lines.append(f"{key:<40} {amount(key, medians[key]):>10}  {amount(key, min(values))}-{amount(key, max(values))}")
    lines += ["", "targets (on the medians):"]
    for key, against, factor, text in TARGETS:
        value = ratio(medians, key, against)
        lines.append(f"  {key} / {against} = {value:.2f}x  (target <= {factor}x: {text}): "
                     f"{'met' if value <= factor else 'NOT met'}")
    lines.append(f"  first_visit_bytes on {amount('bytes', medians['first_visit_bytes'])}, "
                 f"off {amount('bytes', medians['first_visit_bytes_off'])}; pyodide.asm.wasm requested "
                 f"{medians['wasm_fetches']:g} times on, {medians['wasm_fetches_off']:g} off, in a visit with two spares")
    lines.append(f"  next_later_ms {medians['next_later_ms']:.0f} ms: next_after_solve_ms is "
                 f"{ratio(medians, 'next_after_solve_ms', 'next_later_ms'):.2f}x a later click")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, help="a site already built (default: build one)")
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench33-"))
    site = tmp / "site"
    if args.site:
        shutil.copytree(args.site, site)
    else:
        timed([sys.executable, "build_site.py", "build", "--out", str(site)])
    write_baselines(site)
    server, base = serve(site)
    load_at_start = os.getloadavg()[0]
    samples: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        version = browser.version
        for _ in range(args.runs):
            for key, value in one_run(browser, base, site).items():
                samples.setdefault(key, []).append(value)
        browser.close()
    server.shutdown()
    shutil.rmtree(tmp, ignore_errors=True)
    meta = (f"Issue 33 figures, measured {date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, "
            f"Debian chromium {version}, {args.runs} runs (on, shared and off in each); load average "
            f"{load_at_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end.")
    text = report(samples, meta)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
