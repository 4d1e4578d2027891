// What a clean run costs inside Pyodide (the learner's runtime), measured under Node:
// restoring the interpreter after a run (exercisekit/runtime/isolation.py) against
// replacing it with a fresh one (boot, numpy and pytest, warm-up run).
// Called by bench/isolation.py; the request is as for web/node/run_in_pyodide.mjs plus
// {data, code, runs}. Prints one line "FIGURES <json>".
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";

const request = JSON.parse(readFileSync(0, "utf8"));
const { loadPyodide } = await import(pathToFileURL(request.pyodideDir + "/pyodide.mjs").href);
const quiet = () => {};

async function freshSession(home) {
  const pyodide = await loadPyodide({ indexURL: request.pyodideDir + "/", stdout: quiet, stderr: quiet });
  await pyodide.loadPackage(request.wheels, { messageCallback: quiet });
  pyodide.unpackArchive(new Uint8Array(readFileSync(request.runtimeZip)), "zip");
  const session = pyodide.pyimport("exercisekit.runtime.session").open_session(JSON.stringify(request.data), home);
  session.warm_up_json(request.code);
  return { pyodide, session };
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
const figures = {};

let started = performance.now();
const { pyodide, session } = await freshSession("/home/pyodide/a");
figures.fresh_interpreter_ms = performance.now() - started;

const isolation = pyodide.pyimport("exercisekit.runtime.isolation");
const times = { evaluate: [], capture: [], restore: [] };
for (let i = 0; i < request.runs; i++) {
  started = performance.now();
  session.evaluate_json(request.code);
  times.evaluate.push(performance.now() - started);
  started = performance.now();
  const baseline = isolation.capture();
  times.capture.push(performance.now() - started);
  started = performance.now();
  isolation.restore(baseline);
  times.restore.push(performance.now() - started);
  baseline.destroy();
}
figures.evaluate_with_restore_ms = median(times.evaluate);
figures.capture_ms = median(times.capture);
figures.restore_ms = median(times.restore);
process.stdout.write("FIGURES " + JSON.stringify(figures) + "\n");
