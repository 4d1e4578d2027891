// Code a job leaves behind in the Python worker (web/static/worker.js): a js.setTimeout or
// setInterval callback, an asyncio task or call_later (Pyodide's event loop schedules them
// with setTimeout or a MessageChannel), a queueMicrotask or promise callback, an event
// listener, a finalizer. Learner code reaches every global through Pyodide, so each of these
// ways to run later is replaced, before Pyodide or any learner code loads, by one that tags
// what it schedules with the job it was scheduled in, and the replacements are fixed in place
// (non-writable, non-configurable; the originals live only in this closure).
// When the worker settles after a job (`stop`), everything the job scheduled is cancelled or
// made inert, and `stop` says whether any of it ran after its job ended: that worker is then
// given no other job (the page replaces it), so nothing a run left can answer or change a later
// Try it or plot. What is scheduled between jobs never runs at all. Until the first job (the
// boot, the trusted warm-up) scheduling is left alone. Tested on a fake global in Node
// (tests/js/worker_leftovers.test.mjs), and against real learner code in Chromium
// (tests/browser/test_leftover_code_stopped.py).

/** The scope's timer pairs: the function that schedules and the one that cancels. */
const TIMERS = [["setTimeout", "clearTimeout"], ["setInterval", "clearInterval"],
                ["requestAnimationFrame", "cancelAnimationFrame"]];
const TRUSTED = 0;   // scheduled during the boot: always runs
const DEAD = -1;     // scheduled between jobs: never runs

/** Fix `value` as `name` on `holder`, after removing `name` from every prototype above
 *  `holder`, so no other copy of the original stays reachable by name. */
function pin(holder, name, value, descriptor = {}) {
  for (let o = Object.getPrototypeOf(holder); o; o = Object.getPrototypeOf(o)) {
    if (Object.prototype.hasOwnProperty.call(o, name)) Reflect.deleteProperty(o, name);
  }
  Object.defineProperty(holder, name, { value, writable: false, enumerable: false, configurable: false, ...descriptor });
}

/**
 * Take over every way `scope` (the worker's global, before anything else runs) has to run a
 * callback later. Returns {jobStarts(), stop()}: the worker calls jobStarts() before it gives
 * learner code a job, and stop() when it settles after the job, before it says it is idle;
 * stop() returns true when code the job left ran after the job ended (then the worker must
 * not be trusted with another job).
 */
export function holdLeftovers(scope) {
  let round = TRUSTED;   // what is scheduled now gets this tag
  let live = TRUSTED;    // the one job round whose callbacks may still run
  let lastRound = TRUSTED;
  let ranLate = false;
  // The timers of the live round, by kind (a timeout's and an animation frame's handles may
  // be the same number): [cancel, handles].
  const pending = [];

  /** `callback` made to run only while its tag is live; when a job's callback runs, it is
   *  code that outlived its job, and that is recorded. */
  function gated(callback, tag = round) {
    if (typeof callback !== "function") return callback;
    return function gatedCallback(...args) {
      if (tag !== TRUSTED) {
        if (tag === DEAD || tag !== live) return undefined;
        ranLate = true;
      }
      return Reflect.apply(callback, this, args);
    };
  }

  for (const [schedule, cancel] of TIMERS) {
    if (typeof scope[schedule] !== "function" || typeof scope[cancel] !== "function") continue;
    const start = scope[schedule].bind(scope);
    const clear = scope[cancel].bind(scope);
    const handles = new Set();
    pending.push([clear, handles]);
    pin(scope, schedule, function (handler, ...rest) {
      if (round === TRUSTED) return start(handler, ...rest);
      if (typeof handler !== "function" || round === DEAD) return 0;   // a string would be run as code
      const handle = start(gated(handler), ...rest);
      handles.add(handle);
      return handle;
    });
    pin(scope, cancel, function (handle) {
      handles.delete(handle);
      return clear(handle);
    });
  }
  if (typeof scope.queueMicrotask === "function") {
    const queue = scope.queueMicrotask.bind(scope);
    pin(scope, "queueMicrotask", (callback) => queue(gated(callback)));
  }
  gatePromises(scope, gated);
  gateEvents(scope, gated);
  gateFinalizers(scope, gated);
  if (scope.Scheduler && typeof scope.Scheduler.prototype.postTask === "function") {
    const postTask = scope.Scheduler.prototype.postTask;
    pin(scope.Scheduler.prototype, "postTask", function (callback, ...rest) {
      return Reflect.apply(postTask, this, [gated(callback), ...rest]);
    });
  }

  return {
    jobStarts() {
      lastRound += 1;
      round = lastRound;
      live = lastRound;
    },
    stop() {
      if (round === TRUSTED) return false;
      for (const [clear, handles] of pending) {
        for (const handle of handles) clear(handle);
        handles.clear();
      }
      live = DEAD;
      round = DEAD;
      const outlived = ranLate;
      ranLate = false;
      return outlived;
    },
  };
}

// Promise callbacks: `then` (which `catch` and `finally` call too).
function gatePromises(scope, gated) {
  if (typeof scope.Promise !== "function") return;
  const proto = scope.Promise.prototype;
  const then = proto.then;
  Object.defineProperty(proto, "then", {
    value: function (onFulfilled, onRejected) {
      return Reflect.apply(then, this, [gated(onFulfilled), gated(onRejected)]);
    },
    writable: false, enumerable: false, configurable: false,
  });
}

// Event listeners and `on...` handlers of every event target (a MessagePort, an AbortSignal,
// a BroadcastChannel, a socket, the global itself): each is gated by when it was set.
function gateEvents(scope, gated) {
  const { EventTarget } = scope;
  if (!EventTarget) return;
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const wrappers = new WeakMap();   // listener -> its gated stand-in, so removing it works
  const standIn = (listener) => {
    if (!listener || (typeof listener !== "function" && typeof listener !== "object")) return listener;
    if (!wrappers.has(listener)) {
      const call = gated(function (event) {
        return typeof listener === "function" ? Reflect.apply(listener, this, [event]) : listener.handleEvent(event);
      });
      wrappers.set(listener, call);
    }
    return wrappers.get(listener);
  };
  pin(EventTarget.prototype, "addEventListener", function (type, listener, options) {
    return Reflect.apply(add, this, [type, standIn(listener), options]);
  });
  pin(EventTarget.prototype, "removeEventListener", function (type, listener, options) {
    return Reflect.apply(remove, this, [type, wrappers.get(listener) || listener, options]);
  });
  for (const holder of handlerHolders(scope, EventTarget)) gateHandlers(holder, gated);
}

// Every prototype (and the global's own chain) that can hold `on...` event handlers.
function handlerHolders(scope, EventTarget) {
  const holders = new Set();
  for (let o = scope; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) holders.add(o);
  for (const name of Object.getOwnPropertyNames(scope)) {
    const descriptor = Object.getOwnPropertyDescriptor(scope, name);
    const value = descriptor && descriptor.value;
    if (typeof value === "function" && value.prototype && EventTarget.prototype.isPrototypeOf(value.prototype)) {
      holders.add(value.prototype);
    }
  }
  return holders;
}

function gateHandlers(holder, gated) {
  for (const name of Object.getOwnPropertyNames(holder)) {
    if (!name.startsWith("on")) continue;
    const descriptor = Object.getOwnPropertyDescriptor(holder, name);
    if (!descriptor || !descriptor.set || !descriptor.configurable) continue;
    const { get, set } = descriptor;
    const given = new WeakMap();   // the target -> the handler it was given, as the getter answers
    Object.defineProperty(holder, name, {
      get() { return given.has(this) ? given.get(this) : Reflect.apply(get, this, []); },
      set(handler) {
        given.set(this, handler);
        Reflect.apply(set, this, [typeof handler === "function" ? gated(handler) : handler]);
      },
      enumerable: descriptor.enumerable, configurable: false,
    });
  }
}

// A FinalizationRegistry's cleanup callback runs whenever a collection happens to come.
function gateFinalizers(scope, gated) {
  const Original = scope.FinalizationRegistry;
  if (typeof Original !== "function") return;
  function FinalizationRegistry(cleanup) {
    if (!new.target) throw new TypeError("FinalizationRegistry must be called with new");
    return Reflect.construct(Original, [gated(cleanup)], new.target);
  }
  FinalizationRegistry.prototype = Original.prototype;
  Object.defineProperty(Original.prototype, "constructor", { value: FinalizationRegistry, writable: false, configurable: false });
  pin(scope, "FinalizationRegistry", FinalizationRegistry);
}
