"""A problem prepared ahead beside the one shown (the page's spare opens the next problem's
session once the Next link shows) changes no verdict of either: each session's runs after
`Session.resume` give what a session alone in a fresh interpreter gives, for the reference
and every known-wrong solution."""
from __future__ import annotations

import json
import subprocess
import sys

from projects import ROOT

from exercisekit.problems.data import problem_data
from exercisekit.problems.model import ProblemTrees, load_problem

SHOWN, AHEAD = "kl_diag_gaussian", "vae_elbo_loss"

# Runs in a fresh interpreter (a pytest run inside this one would share its modules). stdin:
# {"problems": {slug: data}, "codes": {slug: [code, ...]}, "starters": {slug: code}, "order": [...]}.
# "alone": each problem in an interpreter of its own is the caller's business; here every
# problem of "order" is opened and warmed up first, then each resumed in turn and run.
SCRIPT = """
import json, sys, tempfile
from exercisekit.runtime.isolation import _is_extension, capture
from exercisekit.runtime.session import Session
request = json.loads(sys.stdin.read())
home = tempfile.mkdtemp()
sessions, modules = {}, {}
for index, slug in enumerate(request["order"]):
    sessions[slug] = Session(request["problems"][slug], f"{home}/{index}")
    sessions[slug].warm_up(request["starters"][slug])
    modules[slug] = set(capture().modules)   # the modules a restore keeps
verdicts = {}
for slug in request["order"]:
    tainted = sessions[slug].resume() if len(request["order"]) > 1 else False
    # What the other session imported is gone (an extension module cannot be unloaded).
    stray = sorted(name for name in set(sys.modules) - modules[slug] - {"__main__"}
                   if not _is_extension(sys.modules[name]))
    runs = [sessions[slug].evaluate(code).to_json() for code in request["codes"][slug]]
    verdicts[slug] = {"tainted": tainted, "stray": stray, "missing": sorted(modules[slug] - set(sys.modules)),
                      "runs": [[(row["id"], row["outcome"]) for row in run["rows"]] for run in runs]}
print(json.dumps(verdicts))
"""


def verdicts(order: list[str]) -> dict:
    trees = ProblemTrees(ROOT)
    problems = {slug: load_problem(trees, slug) for slug in order}
    request = {
        "order": order,
        "problems": {slug: problem_data(problem, None, None) for slug, problem in problems.items()},
        "starters": {slug: problem.starter_path.read_text() for slug, problem in problems.items()},
        "codes": {slug: [problem.reference_path.read_text()] + [wrong.path.read_text() for wrong in problem.wrong]
                  for slug, problem in problems.items()},
    }
    done = subprocess.run([sys.executable, "-c", SCRIPT], input=json.dumps(request), capture_output=True,
                          text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout)


def test_runs_after_a_problem_prepared_ahead_give_the_verdicts_of_a_session_alone():
    # The next problem opened after the shown one, then the shown one resumed first (a rerun
    # before Next), then the next one (Next clicked).
    together = verdicts([SHOWN, AHEAD])
    alone = {slug: verdicts([slug])[slug] for slug in (SHOWN, AHEAD)}
    for slug in (SHOWN, AHEAD):
        assert together[slug]["tainted"] is False
        assert together[slug]["stray"] == [] and together[slug]["missing"] == [], slug
        assert together[slug]["runs"] == alone[slug]["runs"], slug
        reference, *wrongs = together[slug]["runs"]
        assert reference and all(outcome == "passed" for _, outcome in reference), slug
        # Each known-wrong solution fails some test: the comparison above is not of empty runs.
        assert wrongs and all(any(outcome != "passed" for _, outcome in run) for run in wrongs), slug
