// Run hidden tests inside the vendored Pyodide under Node, without a browser, so that a
// Pyodide-only break is caught by `check`. Called by exercisekit/check/pyodide.py. Like the
// browser's worker it unpacks the runtime package; the jobs loop is Python's own
// (exercisekit.runtime.session.evaluate_jobs, which the CPython leg runs too).
//
// stdin:  {pyodideDir, wheels: [path], runtimeZip: path, problems: {slug: data}, jobs: [...]}:
//         the problems and jobs are a contract.EvaluateRequest (exercisekit/runtime/contract.py)
// stdout: one line "RESULTS <json list>", a contract.LegAnswer: one RunResult per job, in
//         order; a job whose session itself threw gives {error}. The list ends after a run
//         that left the interpreter tainted: the caller starts a fresh process for the rest.
import { startPyodide } from "./pyodide_request.mjs";
import { LEG_ANSWER, expectShape } from "../static/contract.mjs";
import { readFileSync } from "node:fs";

const { request, pyodide } = await startPyodide();
// The jobs are checked here; the problem data is the session's to read (it accepts the data of
// older builds and the partial data of tests), and the answer is checked before it is believed.
expectShape({ list: "EvaluateJob" }, request.jobs, "the request's jobs");
pyodide.unpackArchive(new Uint8Array(readFileSync(request.runtimeZip)), "zip");
const runtime = pyodide.pyimport("exercisekit.runtime.session");
const answer = JSON.parse(runtime.evaluate_jobs_json(JSON.stringify({ problems: request.problems, jobs: request.jobs }), "/home/pyodide/check"));
expectShape(LEG_ANSWER, answer, "the answer");
process.stdout.write("RESULTS " + JSON.stringify(answer) + "\n");
