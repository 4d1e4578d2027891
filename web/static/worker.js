// The Python runtime of a problem page: Pyodide, numpy and pytest in a Web Worker, so the
// page stays responsive and a run that never ends can be stopped by terminating us.
//
// Messages in:  {type: "init", config}  then  {type: "run", id, code}
// Messages out: {type: "status", step, text}, {type: "ready"}, {type: "result", id, result},
//               {type: "fatal", message}
"use strict";

const HOME = "/home/pyodide/exercise";
let pyodide = null;
let problem = null;

function status(step, text) {
  postMessage({ type: "status", step, text });
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url} (HTTP ${response.status})`);
  return response.text();
}

function writeFiles(folder, files) {
  pyodide.FS.mkdirTree(folder);
  for (const [name, text] of Object.entries(files)) pyodide.FS.writeFile(`${folder}/${name}`, text);
}

async function init(config) {
  // Everything the runtime needs is requested at once; Pyodide's own files come first.
  const data = fetch(config.dataUrl).then((r) => r.json());
  const helpers = Promise.all([fetchText(config.runnerUrl), fetchText(config.probingUrl)]);
  // Start the wheel downloads now, while Pyodide boots: loadPackage then finds them cached.
  const wheels = [config.numpyWheel, ...config.testWheels];
  const downloads = wheels.map((url) => fetch(url).then((r) => r.arrayBuffer()));

  status("python", "Loading Python…");
  importScripts(config.pyodideDir + "pyodide.js");
  // Learner output is captured by the runner; anything else Pyodide prints is noise here.
  pyodide = await loadPyodide({ indexURL: config.pyodideDir, stdout: () => {}, stderr: () => {} });

  status("numpy", "Loading numpy and the test runner…");
  await Promise.allSettled(downloads);
  await pyodide.loadPackage(wheels, { messageCallback: () => {}, errorCallback: () => {} });

  status("pytest", "Preparing the tests…");
  problem = await data;
  const [runner, probing] = await helpers;
  writeFiles(HOME, { "runner.py": runner, "probing.py": probing });
  writeFiles(`${HOME}/tests`, problem.tests);
  pyodide.FS.mkdirTree(`${HOME}/code`);
  pyodide.runPython(`
import sys
sys.path.insert(0, ${JSON.stringify(HOME)})
import json, runner, probing, pytest, numpy
`);
  // A first run against the starter imports the tests and warms pytest and the diagnosis,
  // so the learner's first click costs what a rerun costs.
  evaluate(problem.starter);
  postMessage({ type: "ready" });
  setTimeout(prepareNextRun, 0);
}

// Between runs, while the learner types, configure pytest for the next run: a click then
// pays only for collecting and running the tests (see runner.PreparedRun).
function prepareNextRun() {
  try {
    pyodide.runPython(`_next_run = runner.prepare_run(${JSON.stringify(HOME + "/tests")},
        ${JSON.stringify(HOME + "/code")}, ${JSON.stringify(problem.module)})`);
  } catch {
    // Nothing is lost: the run configures pytest itself and reports any error.
  }
}

function runTests(code) {
  pyodide.FS.writeFile(`${HOME}/code/${problem.module}.py`, code);
  pyodide.globals.set("_names", JSON.stringify(problem.names));
  const json = pyodide.runPython(`json.dumps(runner.run_tests(
      ${JSON.stringify(HOME + "/tests")}, ${JSON.stringify(HOME + "/code")},
      ${JSON.stringify(problem.module)}, json.loads(_names), prepared=globals().pop("_next_run", None)))`);
  return JSON.parse(json);
}

// After a failing run: does the learner's function behave like a known-wrong solution?
function diagnose() {
  if (!problem.probes) return [];
  pyodide.globals.set("_record", JSON.stringify(problem.probes));
  const json = pyodide.runPython(`json.dumps(probing.diagnose_module(
      ${JSON.stringify(problem.module)}, ${JSON.stringify(problem.function)},
      json.loads(_record), ${problem.tolerance}))`);
  return JSON.parse(json);
}

// The tests' outcomes for `code`, with the diagnosis of a failing run.
function evaluate(code) {
  const result = runTests(code);
  result.diagnosis = null;
  if (result.passed < result.total && !result.collection_error) {
    const names = diagnose();
    // Only a single match is named: the page never guesses between mistakes.
    if (names.length === 1) result.diagnosis = { name: names[0], ...problem.mistakes[names[0]] };
  }
  return result;
}

onmessage = async (event) => {
  const message = event.data;
  try {
    if (message.type === "init") await init(message.config);
    else if (message.type === "run") {
      postMessage({ type: "result", id: message.id, result: evaluate(message.code) });
      setTimeout(prepareNextRun, 0);
    }
  } catch (error) {
    postMessage({ type: "fatal", message: String(error && error.message || error) });
  }
};
