// Run hidden tests inside the vendored Pyodide under Node, without a browser, so that a
// Pyodide-only break is caught by `check`. Called by exercisekit/pyodide_node.py.
//
// stdin:  {pyodideDir, wheels: [path], runner: "<runner.py source>",
//          jobs: [{module_name, module_source, tests: {file: source}, names: {test: name}}]}
// stdout: one line "RESULTS <json list>", one result per job, as runner.run_tests returns it.
import { startPyodide } from "./pyodide_request.mjs";

const { request: input, pyodide } = await startPyodide();

const home = "/home/pyodide/check";
pyodide.FS.mkdirTree(home);
pyodide.FS.writeFile(`${home}/runner.py`, input.runner);
pyodide.runPython(`import sys, json\nsys.path.insert(0, ${JSON.stringify(home)})\nimport runner`);

const results = input.jobs.map((job, index) => {
  const folder = `${home}/jobs/${index}`;
  pyodide.FS.mkdirTree(`${folder}/tests`);
  pyodide.FS.mkdirTree(`${folder}/code`);
  for (const [name, text] of Object.entries(job.tests)) pyodide.FS.writeFile(`${folder}/tests/${name}`, text);
  pyodide.FS.writeFile(`${folder}/code/${job.module_name}.py`, job.module_source);
  pyodide.globals.set("_names", JSON.stringify(job.names));
  return JSON.parse(pyodide.runPython(`json.dumps(runner.run_tests(
      ${JSON.stringify(folder + "/tests")}, ${JSON.stringify(folder + "/code")},
      ${JSON.stringify(job.module_name)}, json.loads(_names)))`));
});
process.stdout.write("RESULTS " + JSON.stringify(results) + "\n");
