// The Python worker's lockdown (web/static/worker_lockdown.mjs) on a fake worker global
// built like a browser's: capabilities as getters on a prototype and as own properties.
// The real worker, with real learner code trying every way back, is attacked in
// tests/browser/test_nothing_outlives_a_run.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TAKEN, lockDown, removeForGood } from "../../web/static/worker_lockdown.mjs";

function fakeWorkerScope() {
  class WorkerGlobalScope extends EventTarget {}
  Object.defineProperty(WorkerGlobalScope.prototype, "caches", { get: () => ({ open: () => "the site's cache" }), configurable: true });
  Object.defineProperty(WorkerGlobalScope.prototype, "indexedDB", { get: () => ({ open: () => "a database" }), configurable: true });
  class DedicatedWorkerGlobalScope extends WorkerGlobalScope {}
  const scope = new DedicatedWorkerGlobalScope();
  const navigatorProto = {};
  Object.defineProperty(navigatorProto, "storage", { get: () => ({ getDirectory: () => "files" }), configurable: true });
  const posted = [];
  Object.assign(scope, {
    Worker: class {}, importScripts: () => {}, navigator: Object.create(navigatorProto), posted,
    postMessage(message) { posted.push(message); }, MessageEvent, Event, JSON, Object, setTimeout,
  });
  return scope;
}

test("every capability that could write what later runs load is gone, from the global and its prototypes", () => {
  const scope = fakeWorkerScope();
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(scope));
  const guard = lockDown(scope);
  for (const name of ["caches", "indexedDB", "Worker"]) {
    assert.equal(name in scope, false, name);
    assert.equal(Object.getOwnPropertyDescriptor(proto, name), undefined, name);
  }
  assert.equal("storage" in scope.navigator, false);
  assert.ok(TAKEN.includes("caches") && TAKEN.includes("indexedDB"));
  assert.equal(typeof scope.importScripts, "function");   // Pyodide still loads with it
  guard.dropScriptLoading();
  assert.equal("importScripts" in scope, false);
});

test("a capability that cannot be removed stops the worker instead of being left to learner code", () => {
  const scope = fakeWorkerScope();
  Object.defineProperty(scope, "caches", { value: {}, configurable: false });
  assert.throws(() => lockDown(scope), /would not let the Python worker give up caches/);
  const held = {};
  Object.defineProperty(held, "indexedDB", { value: 1, configurable: false });
  assert.throws(() => removeForGood(held, ["indexedDB"]), /indexedDB/);
});

test("the page's messages reach the worker first and nobody else, whatever listens or is patched later", () => {
  const scope = fakeWorkerScope();
  const guard = lockDown(scope);
  const got = [];
  guard.onPageMessage((message) => got.push(message));
  // What learner code left running could try: listen in both phases, hook the handler
  // property, read fields through Object.prototype, replace JSON and postMessage.
  const seen = [];
  scope.addEventListener("message", (event) => seen.push(event.data), true);
  scope.addEventListener("message", (event) => seen.push(event.data));
  scope.onmessage = (event) => seen.push(event.data);
  Object.defineProperty(Object.prototype, "snippet", { get() { seen.push(this.id); return "forged"; }, configurable: true });
  const realParse = JSON.parse;
  JSON.parse = () => ({ value: "forged" });
  scope.postMessage = () => seen.push("posted through the hook");
  try {
    scope.dispatchEvent(new MessageEvent("message", { data: { type: "run", id: 123456789, code: "x = 1" } }));
    assert.equal(got.length, 1);
    assert.equal(got[0].id, 123456789);
    assert.equal(got[0].snippet, undefined);   // no prototype: the getter is never asked
    assert.equal(Object.getPrototypeOf(got[0]), null);
    assert.deepEqual(guard.parseJson('{"value": 1}'), { value: 1 });
    guard.post({ type: "result", id: 123456789 });
    assert.deepEqual(scope.posted, [{ type: "result", id: 123456789 }]);
    assert.deepEqual(seen, []);
  } finally {
    delete Object.prototype.snippet;
    JSON.parse = realParse;
  }
});
