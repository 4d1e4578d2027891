// One compiled pyodide.asm.wasm for every Python worker of a page (issue 33). The page
// compiles the file once (problem.html) and posts the WebAssembly.Module to each worker it
// starts; a worker that instantiates it skips downloading and compiling about 8.6 MB of wasm,
// and every worker runs the code V8 has already optimised. `loadPyodide` takes no compiled
// module, so the worker supplies one the way Emscripten allows: an `instantiateWasm` option
// given to the `_createPyodideModule` that pyodide.asm.js defines, which loadPyodide calls
// (and does not load again when it is already a function). Pyodide's files are not edited.
//
// What this relies on in the vendored Pyodide (0.28.3), each checked by
// tests/js/shared_wasm.test.mjs against the real files, so an upgrade that breaks one fails
// loudly there; at run time a broken assumption falls back to Pyodide's own path:
// - pyodide.asm.js defines a global function `_createPyodideModule(settings)`;
// - the wasm imports only Emscripten's `env`, `wasi_snapshot_preview1`, `GOT.mem`, `GOT.func`
//   and Pyodide's `sentinel` (`create_sentinel`, `is_sentinel`), which Pyodide's own
//   instantiateWasm adds and ours adds the same way;
// - Pyodide's settings skip its own instantiateWasm (and so its download of the wasm) when a
//   global `WasmOffsetConverter` exists, as Emscripten builds with source maps expect.
// Pure apart from the `scope` given (the worker's global, or a fake one in Node).

/** The import modules the Pyodide wasm may ask for; `sentinel` is the one we supply. */
export const KNOWN_IMPORT_MODULES = ["env", "wasi_snapshot_preview1", "GOT.mem", "GOT.func", "sentinel"];
export const SENTINEL_IMPORTS = ["create_sentinel", "is_sentinel"];
/** The global whose presence makes Pyodide leave instantiation (and the download) to us. */
export const SKIP_OWN_INSTANTIATE = "WasmOffsetConverter";

/**
 * Why `module` cannot stand in for Pyodide's wasm, or null when it can: every import it asks
 * for is one Emscripten's settings provide or the sentinel pair this file supplies.
 * @param {WebAssembly.Module} module
 */
export function importMismatch(module) {
  for (const { module: from, name } of WebAssembly.Module.imports(module)) {
    if (!KNOWN_IMPORT_MODULES.includes(from)) return `the wasm imports from an unknown module "${from}"`;
    if (from === "sentinel" && !SENTINEL_IMPORTS.includes(name)) return `the wasm imports an unknown sentinel.${name}`;
  }
  return null;
}

/** The `sentinel` imports: a value no Python object or JS value can equal, made once, and
 *  the test for it. Pyodide marks a failed conversion with it (its own hook makes the same
 *  pair, in wasm where it can). */
export function sentinelImports() {
  const marker = Symbol("error marker");
  return { create_sentinel: () => marker, is_sentinel: (value) => value === marker };
}

/**
 * Make `scope`'s `_createPyodideModule` instantiate `module` instead of downloading and
 * compiling the wasm. Call after pyodide.asm.js ran in `scope` and before loadPyodide.
 * Returns why it could not (Pyodide then boots on its own path, unchanged), or null.
 * `onUsed(how)` is told "shared" once the shared module is instantiated, or "own" when
 * instantiating it failed and the wasm was fetched from `wasmUrl` and compiled here instead.
 * @param {any} scope
 * @param {WebAssembly.Module} module
 * @param {string} wasmUrl
 * @param {(how: string) => void} [onUsed]
 */
export function supplyCompiledModule(scope, module, wasmUrl, onUsed = () => {}) {
  const create = scope._createPyodideModule;
  if (typeof create !== "function") return "pyodide.asm.js defined no _createPyodideModule function";
  const mismatch = importMismatch(module);
  if (mismatch) return mismatch;
  scope[SKIP_OWN_INSTANTIATE] = function WasmOffsetConverter() {};
  scope._createPyodideModule = (settings = {}) => {
    delete scope[SKIP_OWN_INSTANTIATE];   // it only had to be seen by loadPyodide's settings
    scope._createPyodideModule = create;   // used once
    settings.instantiateWasm = (imports, receive) => {
      instantiate(module, imports, wasmUrl).then(({ instance, compiled, how }) => {
        onUsed(how);
        receive(instance, compiled);
      });
      return {};   // Emscripten: the exports come later, through `receive`
    };
    return create(settings);
  };
  return null;
}

// The shared module, or, should instantiating it fail, the wasm fetched and compiled here
// (what Pyodide would have done). A failure of both rejects: the boot then stalls, and the
// page's boot watch (runtime_boot.mjs) says so and tries a fresh worker.
async function instantiate(module, imports, wasmUrl) {
  imports.sentinel = sentinelImports();
  try {
    return { instance: await WebAssembly.instantiate(module, imports), compiled: module, how: "shared" };
  } catch (error) {
    console.warn("the shared pyodide.asm.wasm could not be instantiated; fetching it", error);
    const bytes = await (await fetch(wasmUrl)).arrayBuffer();
    const { instance, module: compiled } = await WebAssembly.instantiate(bytes, imports);
    return { instance, compiled, how: "own" };
  }
}
