// The worker's hook that gives Pyodide the page's compiled wasm (web/static/shared_wasm.mjs),
// on tiny hand-made wasm modules and a fake global. Against the real vendored Pyodide:
// tests/legs/test_shared_wasm_hook.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SKIP_OWN_INSTANTIATE, importMismatch, sentinelImports, supplyCompiledModule }
  from "../../web/static/shared_wasm.mjs";

/** The bytes of a wasm module that imports one function `from`.`name` of type () -> (). */
function bytesImporting(from, name) {
  const text = (s) => [s.length, ...new TextEncoder().encode(s)];
  const imports = [1, ...text(from), ...text(name), 0x00, 0x00];
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, imports.length, ...imports]);
}
const moduleImporting = (from, name) => new WebAssembly.Module(bytesImporting(from, name));

// A stand-in for pyodide.asm.js's _createPyodideModule: records the settings it was given.
function fakeScope() {
  const calls = [];
  const scope = { _createPyodideModule: (settings) => { calls.push(settings); return "created"; } };
  return { scope, calls, original: scope._createPyodideModule };
}

// Emscripten's side of instantiateWasm: call it and wait for `receive`.
function instantiateThrough(settings, imports) {
  return new Promise((resolve) => {
    assert.deepEqual(settings.instantiateWasm(imports, (instance, module) => resolve({ instance, module })), {});
  });
}

test("a module importing only Emscripten's and the sentinel's names fits; any other import does not", () => {
  assert.equal(importMismatch(moduleImporting("env", "f")), null);
  assert.equal(importMismatch(moduleImporting("GOT.mem", "x")), null);
  assert.equal(importMismatch(moduleImporting("sentinel", "is_sentinel")), null);
  assert.match(importMismatch(moduleImporting("other", "f")), /unknown module "other"/);
  assert.match(importMismatch(moduleImporting("sentinel", "make")), /unknown sentinel\.make/);
});

test("the sentinel is one value nothing else equals", () => {
  const { create_sentinel, is_sentinel } = sentinelImports();
  assert.equal(is_sentinel(create_sentinel()), true);
  for (const other of [undefined, null, 0, "", {}, Symbol("error marker")]) assert.equal(is_sentinel(other), false);
  assert.notEqual(sentinelImports().create_sentinel(), create_sentinel());
});

test("without the global it wraps, or with a module of another shape, Pyodide is left as it is", () => {
  assert.match(supplyCompiledModule({}, moduleImporting("env", "f"), "u"), /no _createPyodideModule/);
  const { scope, original } = fakeScope();
  assert.match(supplyCompiledModule(scope, moduleImporting("other", "f"), "u"), /unknown module/);
  assert.equal(scope._createPyodideModule, original);
  assert.equal(SKIP_OWN_INSTANTIATE in scope, false);
});

test("the module given is instantiated with Emscripten's imports and the sentinel, once", async () => {
  const { scope, calls, original } = fakeScope();
  const module = moduleImporting("env", "f");
  const used = [];
  assert.equal(supplyCompiledModule(scope, module, "u", (how) => used.push(how)), null);
  assert.equal(typeof scope[SKIP_OWN_INSTANTIATE], "function");   // Pyodide's settings skip their own download
  assert.equal(scope._createPyodideModule({ other: 1 }), "created");
  assert.equal(SKIP_OWN_INSTANTIATE in scope, false);
  assert.equal(scope._createPyodideModule, original);
  assert.equal(calls[0].other, 1);
  const imports = { env: { f: () => {} } };
  const { instance, module: received } = await instantiateThrough(calls[0], imports);
  assert.ok(instance instanceof WebAssembly.Instance);
  assert.equal(received, module);
  assert.equal(typeof imports.sentinel.create_sentinel, "function");
  assert.deepEqual(used, ["shared"]);
});

test("a module that fails to instantiate gives way to the wasm fetched and compiled in the worker", async (t) => {
  const { scope, calls } = fakeScope();
  const fetched = [];
  t.mock.method(globalThis, "fetch", async (url) => { fetched.push(url); return new Response(bytesImporting("env", "g")); });
  t.mock.method(console, "warn", () => {});
  const used = [];
  supplyCompiledModule(scope, moduleImporting("env", "f"), "http://x/pyodide.asm.wasm", (how) => used.push(how));
  scope._createPyodideModule({});
  const { instance, module } = await instantiateThrough(calls[0], { env: { g: () => {} } });   // no env.f: a LinkError
  assert.ok(instance instanceof WebAssembly.Instance);
  assert.deepEqual(WebAssembly.Module.imports(module), [{ module: "env", name: "g", kind: "function" }]);
  assert.deepEqual(fetched, ["http://x/pyodide.asm.wasm"]);
  assert.deepEqual(used, ["own"]);
});
