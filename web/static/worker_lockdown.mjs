// What the Python worker (worker.js) takes away from itself before any learner code runs,
// and what it keeps for itself. Learner code reaches every global through Pyodide (`js`,
// `pyodide.ffi`, `js.eval`), so the one way to keep a capability from it is to remove it
// from the worker for good: an own property of the global and every prototype above it
// deleted, its getter left only in nobody's hands. Cache Storage and IndexedDB are the
// site's storage, shared with the service worker that serves every later run's runtime (and
// with every page of the origin); a nested worker would get its own fresh `caches`; a
// service worker container could register another. Kept apart from worker.js so Node can
// test it on a fake global (tests/js/worker_lockdown.test.mjs); bundled into it by esbuild.
// Every way to run code later is taken over here too (worker_leftovers.mjs), so what a job
// leaves behind is stopped before the worker takes another job.
import { holdLeftovers } from "./worker_leftovers.mjs";

/** The globals removed before learner code runs: each could write what later runs load. */
export const TAKEN = ["caches", "indexedDB", "Worker", "SharedWorker", "ServiceWorkerContainer",
                      "ServiceWorker", "ServiceWorkerRegistration"];
/** Properties removed from the worker's `navigator` (and its prototypes): its Cache API-free
 *  storage (the origin private file system) and a service worker container. */
export const TAKEN_FROM_NAVIGATOR = ["storage", "serviceWorker"];

/** Every object from `object` up its prototype chain. */
function chain(object) {
  const objects = [];
  for (let current = object; current; current = Object.getPrototypeOf(current)) objects.push(current);
  return objects;
}

/**
 * Delete `names` from `object` and every prototype above it. Throws when one stays reachable
 * (a property that cannot be deleted): a worker that cannot give a capability up must not
 * run learner code, so its boot fails and the page says why.
 */
export function removeForGood(object, names) {
  for (const holder of chain(object)) {
    for (const name of names) {
      if (Object.prototype.hasOwnProperty.call(holder, name)) Reflect.deleteProperty(holder, name);
    }
  }
  const kept = names.filter((name) => name in object);
  if (kept.length) throw new Error(`this browser would not let the Python worker give up ${kept.join(", ")}`);
}

/**
 * Lock `scope` (the worker's global) down and return what the worker keeps:
 * - post(message): the page's channel, bound now, so a replaced `postMessage` cannot alter answers;
 * - onPageMessage(handler): handler(data) gets every message from the page first (a capturing
 *   listener added before any other), as a prototype-less copy of its own fields (a getter
 *   learner code put on Object.prototype sees none of them), and goes to no other listener;
 * - parseJson / toJson / later: JSON and setTimeout as they are now, whatever learner code
 *   puts in their place later;
 * - dropScriptLoading(): remove importScripts once Pyodide has started (it loads with it);
 * - jobStarts() / stopLeftovers(): around each learner job (worker_leftovers.mjs holdLeftovers).
 */
export function lockDown(scope) {
  const post = scope.postMessage.bind(scope);
  const listen = scope.addEventListener.bind(scope);
  const dataOf = Function.prototype.call.bind(
    chain(scope.MessageEvent.prototype).map((p) => Object.getOwnPropertyDescriptor(p, "data")).find(Boolean).get);
  const stopOthers = Function.prototype.call.bind(scope.Event.prototype.stopImmediatePropagation);
  const ownCopy = scope.Object.assign.bind(null, Object.create(null));
  const { parse, stringify } = scope.JSON;
  const later = scope.setTimeout.bind(scope);
  const leftovers = holdLeftovers(scope);
  removeForGood(scope, TAKEN);
  if (scope.navigator) removeForGood(scope.navigator, TAKEN_FROM_NAVIGATOR);
  return {
    post,
    parseJson: (text) => parse(text),
    toJson: (value) => stringify(value),
    later,
    onPageMessage(handler) {
      listen("message", (event) => {
        stopOthers(event);
        const data = dataOf(event);
        handler(data && typeof data === "object" ? ownCopy(data) : {});
      }, true);
    },
    dropScriptLoading() { removeForGood(scope, ["importScripts"]); },
    jobStarts: leftovers.jobStarts,
    stopLeftovers: leftovers.stop,
  };
}
