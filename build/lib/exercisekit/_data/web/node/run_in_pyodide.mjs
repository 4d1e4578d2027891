// Run hidden tests inside the vendored Pyodide under Node, without a browser, so that a
// Pyodide-only break is caught by `check`. Called by exercisekit/check/pyodide.py. Like the
// browser's worker it unpacks the runtime package and calls exercisekit.runtime.session.
//
// stdin:  {pyodideDir, wheels: [path], runtimeZip: path, problems: {slug: data},
//          jobs: [{problem: slug, code, trusted}]}
// stdout: one line "RESULTS <json list>", one RunResult per job, in order. A job whose
//         session itself threw gives {error}. The list ends after a run that left the
//         interpreter tainted: the caller starts a fresh process for the rest.
import { startPyodide } from "./pyodide_request.mjs";
import { readFileSync } from "node:fs";

const { request, pyodide } = await startPyodide();
pyodide.unpackArchive(new Uint8Array(readFileSync(request.runtimeZip)), "zip");
const runtime = pyodide.pyimport("exercisekit.runtime.session");

const sessions = new Map();
const results = [];
for (const job of request.jobs) {
  if (!sessions.has(job.problem)) {
    const home = `/home/pyodide/check/${sessions.size}`;
    sessions.set(job.problem, runtime.open_session(JSON.stringify(request.problems[job.problem]), home));
  }
  const session = sessions.get(job.problem);
  let result;
  try {
    const json = job.trusted && !session.warmed_up ? session.warm_up_json(job.code) : session.evaluate_json(job.code);
    result = JSON.parse(json);
  } catch (error) {
    result = { error: String((error && error.message) || error) };
  }
  results.push(result);
  if (result.tainted) break;
}
process.stdout.write("RESULTS " + JSON.stringify(results) + "\n");
