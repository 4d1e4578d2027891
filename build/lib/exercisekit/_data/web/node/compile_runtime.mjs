// Compile to bytecode, inside the vendored Pyodide, the modules a test run imports: from
// Pyodide's standard library and from the wheels. See exercisekit/assets/bytecode.py for why.
// Called by exercisekit/assets/vendor.py.
//
// stdin:  {pyodideDir, wheels: [path], helper: "<bytecode.py>", runtimeZip: path,
//          outStdlib: path, outWheels: folder}
// stdout: one line "COMPILED <json {archive: modules compiled}>"
import { startPyodide } from "./pyodide_request.mjs";
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

const { request: input, pyodide } = await startPyodide();

const work = "/tmp/compile";
pyodide.FS.mkdirTree(work);
pyodide.FS.writeFile(`${work}/bytecode.py`, input.helper);
pyodide.unpackArchive(new Uint8Array(readFileSync(input.runtimeZip)), "zip");
pyodide.runPython(`
import sys, sysconfig
sys.path.insert(0, ${JSON.stringify(work)})
import bytecode
used = bytecode.training_run(${JSON.stringify(work + "/training")})
stdlib_zip = next(p for p in sys.path if p.endswith(".zip"))
purelib = sysconfig.get_paths()["purelib"]
counts = {}
`);

function compileArchive(bytes, name, installDir, dest) {
  pyodide.FS.writeFile(`${work}/in-${name}`, bytes);
  pyodide.runPython(`counts[${JSON.stringify(name)}] = bytecode.compile_archive(
      ${JSON.stringify(`${work}/in-${name}`)}, ${JSON.stringify(`${work}/out-${name}`)}, ${installDir}, used)`);
  writeFileSync(dest, pyodide.FS.readFile(`${work}/out-${name}`));
}

compileArchive(readFileSync(input.pyodideDir + "/python_stdlib.zip"), "python_stdlib.zip", "stdlib_zip",
               input.outStdlib);
for (const wheel of input.wheels) {
  compileArchive(readFileSync(wheel), basename(wheel), "purelib", `${input.outWheels}/${basename(wheel)}`);
}
process.stdout.write("COMPILED " + pyodide.runPython("import json; json.dumps(counts)") + "\n");
