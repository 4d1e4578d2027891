// What a job leaves behind in the Python worker is stopped (web/static/worker_leftovers.mjs),
// on a global of its own: a Node vm context, with its own Promise and FinalizationRegistry,
// Node's real timers and an event target class, so patching them touches nothing of the test
// runner. The real worker, with real learner code scheduling from Python, is attacked in
// tests/browser/test_leftover_code_stopped.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import vm from "node:vm";
import { holdLeftovers } from "../../web/static/worker_leftovers.mjs";

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function fakeWorkerScope() {
  const scope = vm.createContext({ setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask });
  // A small event target of the context's own (patching Node's would reach the test runner),
  // and a port with an `on...` handler property as browsers have.
  vm.runInContext(`
    globalThis.Event = class Event { constructor(type) { this.type = type; } };
    globalThis.EventTarget = class EventTarget {
      addEventListener(type, listener) { ((this.listeners ||= {})[type] ||= []).push(listener); }
      removeEventListener(type, listener) {
        const list = (this.listeners || {})[type] || [];
        if (list.includes(listener)) list.splice(list.indexOf(listener), 1);
      }
      dispatchEvent(event) {
        for (const listener of [...((this.listeners || {})[event.type] || [])]) {
          typeof listener === "function" ? listener.call(this, event) : listener.handleEvent(event);
        }
        const handler = this["handler_" + event.type];
        if (handler) handler.call(this, event);
      }
    };
    globalThis.Port = class Port extends EventTarget {};
    Object.defineProperty(Port.prototype, "onping", {
      get() { return this.handler_ping || null; }, set(handler) { this.handler_ping = handler; },
      configurable: true, enumerable: true,
    });`, scope);
  // The context's own global (with its Promise, FinalizationRegistry): what the worker locks.
  scope.self = vm.runInContext("globalThis", scope);
  return scope;
}

/** Everything a job can schedule, each recording its name in `ran` when it runs. */
function scheduleEverything(scope, ran, delay) {
  scope.ran = ran;
  scope.delay = delay;
  vm.runInContext(`
    setTimeout(() => ran.push("setTimeout"), delay);
    const every = setInterval(() => ran.push("setInterval"), Math.max(1, delay));
    queueMicrotask(() => ran.push("queueMicrotask"));
    Promise.resolve().then(() => ran.push("then"));
    Promise.reject(new Error("x")).catch(() => ran.push("catch"));
    globalThis.port = new Port();
    port.addEventListener("ping", () => ran.push("listener"));
    port.onping = () => ran.push("onping");
    setTimeout(() => port.dispatchEvent(new Event("ping")), delay);
  `, scope);
}

test("nothing a job scheduled runs once the worker has stopped it, and nothing ran late", async () => {
  const scope = fakeWorkerScope();
  const leftovers = holdLeftovers(scope.self);
  leftovers.jobStarts();
  const ran = [];
  scheduleEverything(scope, ran, 30);
  // The worker stops the job's code in the same turn the job ends (worker.js becomeIdle runs
  // later, but here the microtasks would have run first: see the next test).
  assert.equal(leftovers.stop(), false);
  await pause(120);
  assert.deepEqual(ran, []);
});

test("code a job left that ran before the stop is reported, then stopped", async () => {
  const scope = fakeWorkerScope();
  const leftovers = holdLeftovers(scope.self);
  leftovers.jobStarts();
  const ran = [];
  scheduleEverything(scope, ran, 0);
  await pause(20);   // the microtasks, the zero timers and the first interval ticks
  assert.ok(ran.includes("queueMicrotask") && ran.includes("then") && ran.includes("setTimeout"), ran.join());
  assert.equal(leftovers.stop(), true);
  const count = ran.length;
  scope.port.dispatchEvent(new scope.Event("ping"));
  await pause(40);
  assert.equal(ran.length, count, "the interval and the listeners are stopped");
  leftovers.jobStarts();
  assert.equal(leftovers.stop(), false, "the report is of the last job only");
});

test("a callback that re-arms itself is stopped with its job, and what is scheduled between jobs never runs", async () => {
  const scope = fakeWorkerScope();
  const leftovers = holdLeftovers(scope.self);
  const ran = [];
  scope.ran = ran;
  leftovers.jobStarts();
  vm.runInContext(`function again() { ran.push("again"); setTimeout(again, 2); } setTimeout(again, 2);`, scope);
  await pause(30);
  assert.equal(leftovers.stop(), true);
  const count = ran.length;
  assert.ok(count >= 1);
  vm.runInContext(`setTimeout(() => ran.push("between"), 0); queueMicrotask(() => ran.push("between"));
                   Promise.resolve().then(() => ran.push("between"));`, scope);
  await pause(30);
  assert.equal(ran.length, count);
  // The next job's own code runs its own way (a job's answer is computed synchronously), and
  // what it schedules is again its own, stopped with it.
  leftovers.jobStarts();
  vm.runInContext(`setTimeout(() => ran.push("next job"), 50)`, scope);
  assert.equal(leftovers.stop(), false);
  await pause(80);
  assert.equal(ran.length, count);
});

test("before the first job (the boot and the trusted warm-up) scheduling is left alone", async () => {
  const scope = fakeWorkerScope();
  const leftovers = holdLeftovers(scope.self);
  const ran = [];
  scheduleEverything(scope, ran, 5);
  assert.equal(leftovers.stop(), false);
  await pause(40);
  vm.runInContext("clearInterval(every)", scope);
  for (const name of ["setTimeout", "queueMicrotask", "then", "catch", "listener", "onping"]) assert.ok(ran.includes(name), name);
});

test("a job's timer can still be cleared by the job, and strings are never run as code", async () => {
  const scope = fakeWorkerScope();
  const leftovers = holdLeftovers(scope.self);
  leftovers.jobStarts();
  const ran = [];
  scope.ran = ran;
  vm.runInContext(`const t = setTimeout(() => ran.push("cleared"), 0); clearTimeout(t);
                   globalThis.handle = setTimeout("ran.push('string')", 0);`, scope);
  await pause(20);
  assert.deepEqual(ran, []);
  assert.equal(scope.handle, 0);
  assert.equal(leftovers.stop(), false);
});

test("the replacements cannot be undone or bypassed from inside the global", () => {
  const scope = fakeWorkerScope();
  holdLeftovers(scope.self);
  const attempts = vm.runInContext(`(() => {
    const kept = [];
    const tries = {
      "assign setTimeout": () => { globalThis.setTimeout = () => 1; },
      "redefine setTimeout": () => Object.defineProperty(globalThis, "setTimeout", { value: () => 1 }),
      "delete setTimeout": () => { if (!delete globalThis.setTimeout) throw new Error("kept"); },
      "assign then": () => { Promise.prototype.then = () => 1; },
      "redefine then": () => Object.defineProperty(Promise.prototype, "then", { value: () => 1 }),
      "assign addEventListener": () => { EventTarget.prototype.addEventListener = () => 1; },
      "redefine onping": () => Object.defineProperty(Port.prototype, "onping", { set() {} }),
      "redefine queueMicrotask": () => Object.defineProperty(globalThis, "queueMicrotask", { value: () => 1 }),
      "assign FinalizationRegistry": () => { globalThis.FinalizationRegistry = function () {}; },
    };
    for (const [name, attempt] of Object.entries(tries)) {
      try { attempt(); } catch (e) { continue; }
      kept.push(name);
    }
    return JSON.stringify(kept);
  })()`, scope);
  // Non-strict assignments fail silently: what matters is that nothing changed.
  const changed = JSON.parse(attempts).filter((name) => !name.startsWith("assign"));
  assert.deepEqual(changed, []);
  // The sloppy assignments changed nothing either: each is still the gate.
  assert.equal(vm.runInContext("typeof setTimeout(() => {}, 0)", scope), "object");   // not the stand-in's 1
  assert.equal(vm.runInContext("EventTarget.prototype.addEventListener.toString().includes('standIn')", scope), true);
  assert.equal(vm.runInContext("Promise.prototype.then.toString().includes('gated')", scope), true);
  assert.equal(vm.runInContext("new FinalizationRegistry(() => {}).constructor === FinalizationRegistry", scope), true);
  assert.equal(vm.runInContext("FinalizationRegistry.prototype.constructor === FinalizationRegistry", scope), true);
  assert.equal(vm.runInContext("typeof new FinalizationRegistry(() => {}).register", scope), "function");
});
