"""The contract's two declarations agree: exercisekit/runtime/contract.py (TypedDicts) and
web/static/contract.mjs (the validators the page and the Node scripts use).

Two ways, so neither side can drift unnoticed: the shapes are compared field by field (a
field added, dropped or retyped on one side fails), and samples of every shape made by the
real Python code (problem data of real problems, a probe record, the answers of each job,
check's requests and a leg's answer) must pass the JavaScript validators in strict mode
(no undeclared key), while malformed copies of them must be refused.
"""
from __future__ import annotations

import copy
import json
import shutil
import subprocess
import types
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

import pytest

from exercisekit.check.cpython import evaluation_jobs, record_probes
from exercisekit.problems.data import expected_rows, problem_data
from exercisekit.problems.validate import load_all
from exercisekit.runtime import contract
from exercisekit.runtime.session import Session, evaluate_jobs

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_JS = ROOT / "web" / "static" / "contract.mjs"
LEG_ANSWER = "LEG_ANSWER"   # contract.mjs's name for contract.LegAnswer, a list and not a record

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node")


def node(script: str, payload: object, tmp_path: Path) -> Any:
    """Run an ES module `script` that imports contract.mjs (as CONTRACT) with `payload` as
    JSON on stdin; its JSON answer."""
    path = tmp_path / "contract_probe.mjs"
    path.write_text(f"import * as CONTRACT from {json.dumps(CONTRACT_JS.as_uri())};\n"
                    "import { readFileSync } from 'node:fs';\n"
                    "const payload = JSON.parse(readFileSync(0, 'utf8'));\n" + script, encoding="utf-8")
    done = subprocess.run(["node", str(path)], input=json.dumps(payload), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def describe(annotation: Any) -> Any:
    """A Python annotation in contract.mjs's type language."""
    simple = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}
    if annotation is Any:
        return "any"
    if annotation in simple:
        return simple[annotation]
    if is_typeddict(annotation):
        return annotation.__name__
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return {"enum": list(args)}
    if origin is list:
        return {"list": describe(args[0])}
    if origin is dict:
        assert args[0] is str, f"JSON objects have text keys, not {args[0]}"
        return {"map": describe(args[1])}
    if origin in (Union, types.UnionType):
        options = [describe(a) for a in args if a is not type(None)]
        inner = options[0] if len(options) == 1 else {"oneOf": options}
        return {"nullable": inner} if type(None) in args else inner
    raise AssertionError(f"contract.py uses a type contract.mjs cannot say: {annotation!r}")


def normal(descriptor: Any) -> Any:
    """`descriptor` with the options of every oneOf in one order (their order means nothing)."""
    if isinstance(descriptor, dict):
        found = {key: normal(value) for key, value in descriptor.items()}
        if "oneOf" in found:
            found["oneOf"] = sorted(found["oneOf"], key=json.dumps)
        return found
    if isinstance(descriptor, list):
        return [normal(item) for item in descriptor]
    return descriptor


def python_shapes() -> dict[str, Any]:
    """Every TypedDict of contract.py as contract.mjs would declare it."""
    shapes: dict[str, Any] = {}
    for name, value in vars(contract).items():
        if is_typeddict(value) and value.__module__ == contract.__name__:
            hints = get_type_hints(value)
            shapes[name] = {"fields": {key: describe(hints[key]) for key in sorted(value.__required_keys__)},
                            "optional": {key: describe(hints[key]) for key in sorted(value.__optional_keys__)}}
    shapes[LEG_ANSWER] = describe(contract.LegAnswer)
    return normal(shapes)


def js_shapes(tmp_path: Path) -> dict[str, Any]:
    script = ("const out = {};\n"
              "for (const [name, s] of Object.entries(CONTRACT.SHAPES)) out[name] = "
              "{ fields: s.fields, optional: s.optional || {} };\n"
              "out.LEG_ANSWER = CONTRACT.LEG_ANSWER;\n"
              "process.stdout.write(JSON.stringify(out));\n")
    return normal(node(script, None, tmp_path))


def test_both_sides_declare_the_same_shapes_field_by_field(tmp_path):
    python, js = python_shapes(), js_shapes(tmp_path)
    assert sorted(python) == sorted(js), "a shape is declared on one side only"
    for name in python:
        if name == LEG_ANSWER:
            assert python[name] == js[name], name
            continue
        for part in ("fields", "optional"):
            for key in sorted(set(python[name][part]) | set(js[name][part])):
                assert python[name][part].get(key) == js[name][part].get(key), \
                    f"{name}.{key} ({part}): contract.py says {python[name][part].get(key)}, " \
                    f"contract.mjs says {js[name][part].get(key)}"


def the_problem(slug: str):
    problems, failures = load_all(ROOT, [slug])
    assert not failures, failures
    return problems[0]


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> list[tuple[str, Any]]:
    """(shape, value) for every shape, made by the code that makes it for real."""
    home = str(tmp_path_factory.mktemp("contract-session"))
    problem = the_problem("reparameterize")   # probes, known mistakes and a histogram sweep
    record = record_probes(problem)
    assert record is not None and any("target" in sweep for sweep in record["sweeps"])
    reference = problem.reference_path.read_text(encoding="utf-8")
    wrong = problem.wrong[0].path.read_text(encoding="utf-8")
    first = Session(problem_data(problem, record, None), home + "/first")
    warm_up = contract.JobRequest(job="warm_up", code=reference)
    expected = expected_rows(dict(first.handle(warm_up)))
    data = problem_data(problem, record, expected)
    session = Session(data, home + "/page")
    requests: list[contract.JobRequest] = [
        warm_up, {"job": "run", "code": reference, "settle": True}, {"job": "run", "code": wrong},
        {"job": "run", "code": "def broken(:\n"}, {"job": "try", "code": reference, "snippet": "1 + 1"},
        {"job": "try", "code": reference, "snippet": "1 / 0"}, {"job": "sweeps", "code": reference},
        {"job": "sweeps", "code": "raise ValueError('no')\n"}]
    answers = {"warm_up": "RunAnswer", "run": "RunAnswer", "try": "TryAnswer", "sweeps": "SweepAnswer"}
    found: list[tuple[str, Any]] = [("ProblemData", data), ("ProbeRecord", record)]
    for request in requests:
        found += [("JobRequest", request), (answers[request["job"]], session.handle(request))]
    diagnosed = [answer for shape, answer in found if shape == "RunAnswer" and answer["diagnosis"]]
    stopped = [answer for shape, answer in found if shape == "RunAnswer" and answer["stop"]]
    assert diagnosed and stopped, "the samples must hold a diagnosis and a stop"
    # A script problem and one with a binary data file: the other kinds of problem data.
    found += [("ProblemData", problem_data(the_problem(slug), None, None)) for slug in ("gd_step", "vae_digits")]
    assert any("base64" in entry for entry in found[-1][1]["files"].values())
    # A job with a snippet is a `try` (how check runs a statement's Example): a TryAnswer in the leg.
    jobs = [*evaluation_jobs([problem]), {"problem": problem.slug, "label": "example", "trusted": False,
                                          "code": reference, "snippet": "1 + 1"}]
    request = contract.EvaluateRequest(problems={problem.slug: data}, jobs=jobs)
    leg = evaluate_jobs({"problems": request["problems"],
                         "jobs": [*jobs, {"problem": "nowhere", "code": "", "trusted": False}]}, home + "/leg")
    assert "error" in leg[-1], "a job of an unknown problem is a JobFailure"
    assert leg[-2]["value"] == "2", "a job with a snippet is answered by a TryAnswer"
    found += [("EvaluateJob", job) for job in jobs] + [("EvaluateRequest", request), (LEG_ANSWER, leg)]
    return json.loads(json.dumps(found))   # what crosses the boundary is the JSON


VALIDATE = """
const answer = payload.map(([type, value]) => {
  const shape = type === "LEG_ANSWER" ? CONTRACT.LEG_ANSWER : type;
  return CONTRACT.mismatch(shape, value, "value", true);
});
process.stdout.write(JSON.stringify(answer));
"""


def test_what_python_makes_passes_the_javascript_validators_strictly(samples, tmp_path):
    shapes = {shape for shape, _ in samples}
    assert {"ProblemData", "ProbeRecord", "JobRequest", "RunAnswer", "TryAnswer", "SweepAnswer", "EvaluateJob",
            "EvaluateRequest", LEG_ANSWER} <= shapes
    refused = [(shape, why) for (shape, _), why in zip(samples, node(VALIDATE, samples, tmp_path)) if why]
    assert refused == []


def not_a(descriptor: Any) -> Any:
    """A JSON value that a field of type `descriptor` (in contract.mjs's language) must refuse."""
    if isinstance(descriptor, str):
        return {"string": 3, "number": "3", "integer": 2.5, "boolean": "yes", "null": 0}.get(descriptor, "no record")
    if "nullable" in descriptor:
        return not_a(descriptor["nullable"])
    if "list" in descriptor:
        return {"not": "a list"}
    if "map" in descriptor:
        return ["not a map"]
    if "enum" in descriptor:
        return "none of them"
    return {}   # oneOf: every option here is a record or a scalar, none an empty object


def malformed(samples: list[tuple[str, Any]]) -> list[tuple[str, str, Any]]:
    """(what was broken, shape, value): each sample without each field it must have, and with
    each such field of another type; and a few breaks deep inside."""
    declared = python_shapes()
    broken = []
    for shape, value in samples:
        for key, field in sorted(declared[shape]["fields"].items()) if shape != LEG_ANSWER else ():
            broken.append((f"{shape} without {key}", shape, {k: v for k, v in value.items() if k != key}))
            if field != "any":
                broken.append((f"{shape} with {key} retyped", shape, {**value, key: not_a(field)}))
    run = next(value for shape, value in samples if shape == "RunAnswer" and value["rows"])
    deep = copy.deepcopy(run)
    deep["rows"][0]["outcome"] = "won"
    broken.append(("a row's outcome", "RunAnswer", deep))
    data = copy.deepcopy(next(value for shape, value in samples if shape == "ProblemData"))
    data["files"][next(iter(data["files"]))] = {"text": 3}
    broken.append(("a file entry", "ProblemData", data))
    swept = copy.deepcopy(next(value for shape, value in samples if shape == "SweepAnswer" and value["curves"]))
    swept["curves"][0]["ys"][0] = [1.0]
    broken.append(("a curve's y", "SweepAnswer", swept))
    leg = copy.deepcopy(next(value for shape, value in samples if shape == LEG_ANSWER))
    del leg[0]["rows"]
    broken.append(("a leg's first result", LEG_ANSWER, leg))
    return broken


def test_malformed_copies_are_refused(samples, tmp_path):
    broken = malformed(samples)
    answers = node(VALIDATE, [[shape, value] for _, shape, value in broken], tmp_path)
    accepted = [what for (what, _, _), why in zip(broken, answers) if why is None]
    assert len(broken) > 100 and accepted == []


def test_the_page_accepts_keys_it_adds_itself_and_python_never_sends(samples, tmp_path):
    """Outside strict mode (the page's), an undeclared key is no reason to refuse an answer."""
    run = next(value for shape, value in samples if shape == "RunAnswer")
    script = ("process.stdout.write(JSON.stringify([CONTRACT.isRunResult(payload), "
              "CONTRACT.mismatch('RunAnswer', payload, 'value', true)]));\n")
    lenient, strict = node(script, {**run, "shownAt": 3}, tmp_path)
    assert lenient is True and "shownAt is not declared" in strict

