// Boots the vendored Pyodide under Node the way a page's worker does with the page's
// compiled module (web/static/shared_wasm.mjs), for tests/legs/test_shared_wasm_hook.py.
// argv[2]: the vendored Pyodide folder. Prints one JSON line: what the hook saw and did.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { SENTINEL_IMPORTS, importMismatch, supplyCompiledModule } from "../../web/static/shared_wasm.mjs";

const dir = process.argv[2].replace(/\/?$/, "/");
// pyodide.asm.js run as Node runs it (CommonJS, as Pyodide's own loader does there); in the
// worker importScripts runs it. Either way it must leave a global _createPyodideModule.
createRequire(import.meta.url)(dir + "pyodide.asm.js");
const definedCreate = typeof globalThis._createPyodideModule;
const module = await WebAssembly.compile(readFileSync(dir + "pyodide.asm.wasm"));
const sentinels = WebAssembly.Module.imports(module).filter((i) => i.module === "sentinel").map((i) => i.name).sort();
const report = { definedCreate, sentinels, expectedSentinels: [...SENTINEL_IMPORTS].sort(),
                 mismatch: importMismatch(module), how: null, ownHook: null };
report.declined = supplyCompiledModule(globalThis, module, dir + "pyodide.asm.wasm", (how) => { report.how = how; });
// Outside the hook: did Pyodide's settings still carry its own instantiateWasm (and so fetch the wasm)?
const hooked = globalThis._createPyodideModule;
globalThis._createPyodideModule = (settings) => {
  report.ownHook = typeof settings.instantiateWasm === "function";
  return hooked(settings);
};
const { loadPyodide } = await import(pathToFileURL(dir + "pyodide.mjs").href);
const pyodide = await loadPyodide({ indexURL: dir, stdout: () => {}, stderr: () => {} });
report.value = pyodide.runPython("sum(range(4))");
// Errors crossing the FFI both ways, where Pyodide marks a failure with the sentinel.
report.errorsCross = pyodide.runPython(
  "import js\nfrom pyodide.ffi import JsException\n" +
  "try:\n  js.eval(\"throw new Error('boom')\")\nexcept JsException as e:\n  caught = 'boom' in str(e)\ncaught");
try { pyodide.runPython("raise ValueError('from python')"); } catch (error) {
  report.errorsCross = report.errorsCross && String(error.message).includes("ValueError: from python");
}
report.leftGuard = "WasmOffsetConverter" in globalThis;
console.log(JSON.stringify(report));
