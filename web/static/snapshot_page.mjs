// The page's side of spares restored from a memory snapshot (issue 33). Once the page's
// first Python is ready, a *maker* worker boots, prepares the problem exactly as a spare
// does and posts a memory snapshot of itself; it is never given a job, and is terminated
// once it has answered. Every later spare of that problem starts from the snapshot instead
// of booting. The page takes a snapshot only from the maker it started, only once, and only
// for the problem it was started for; the maker runs no learner code. The maker counts as
// one of the page's two Pythons: a spare asked for while it works waits for its snapshot
// (the maker's loading steps are the spare's), so at most two workers live at once.
// Any failure falls back to a normal boot: a maker that fails, a restore that fails (the
// snapshot is then dropped for the page), a problem with other packages than numpy (their
// shared libraries are not preloaded). No DOM: tests/js/snapshot_page.test.mjs.
import { isSpareSnapshot } from "./snapshot_spare.mjs";

/** The URL parameter that turns snapshots off (`?spare-snapshot=off`, for comparisons) or
 *  corrupts each one a spare is given (`corrupt`, for the fallback's test). README, "Hooks". */
export const SNAPSHOT_PARAMETER = "spare-snapshot";

/** Why a page's spares boot normally, when they do. */
export const OFF_REASONS = {
  parameter: "turned off by the page's URL",
  oneWorker: "one Python at a time on this device: no room for a maker",
  packages: "this problem loads packages whose shared libraries are not preloaded",
};

// The maker's words a spare waiting for it passes on as its own loading steps.
const LOADING = new Set(["status", "progress"]);

/**
 * A worker-like object ({postMessage, terminate, onmessage, onerror}) for one spare: it waits
 * for `snapshot` (a promise of a snapshot, or null when there is none), restores a worker
 * from it with `restore(snapshot)`, and boots one normally with `boot()` if there is none or
 * the restore fails. The runtime client sees one worker throughout.
 */
class SnapshotSpare {
  constructor({ snapshot, restore, boot, onRestored, onFailed, onAbandoned }) {
    this.onmessage = null;
    this.onerror = null;
    this.worker = null;
    this.restoring = false;
    this.ended = false;
    this.boot = boot;
    this.onRestored = onRestored;
    this.onFailed = onFailed;
    this.onAbandoned = onAbandoned;
    snapshot.then((found) => {
      if (this.ended) return;
      if (found) {
        this.restoring = true;
        this.attach(restore(found));
      } else this.attach(boot());
    });
  }

  /** A loading step of the maker this spare waits for. */
  relay(message) {
    if (!this.worker && !this.ended && LOADING.has(message.type)) this.onmessage?.({ data: message });
  }

  attach(worker) {
    this.worker = worker;
    worker.onmessage = (event) => {
      if (worker !== this.worker) return;
      const type = event.data && event.data.type;
      if (this.restoring && type === "restore-failed") {
        this.fallBack(String(event.data.message));
        return;
      }
      if (this.restoring && type === "ready") {
        this.restoring = false;
        this.onRestored();
      }
      this.onmessage?.(event);
    };
    worker.onerror = (event) => {
      if (worker !== this.worker) return;
      if (this.restoring) this.fallBack(event.message || "the restoring worker failed");
      else this.onerror?.(event);
    };
  }

  fallBack(why) {
    this.restoring = false;
    this.worker.terminate();
    this.onFailed(why);
    this.attach(this.boot());
  }

  // The client gives a spare no job before it says "ready": by then a worker is attached.
  postMessage(message) { this.worker?.postMessage(message); }

  terminate() {
    this.ended = true;
    if (this.worker) this.worker.terminate();
    else this.onAbandoned();
  }
}

/** A copy of `snapshot` whose header (the magic number, Pyodide's build id) is zeroed. */
function corrupted(snapshot) {
  const memory = snapshot.memory.slice();
  memory.fill(0, 0, 64);
  return { ...snapshot, memory };
}

/**
 * The spares of a page. `start(pageConfig, extra)` starts a worker and sends it "init" with
 * `extra`'s fields (problem.html's startWorker). `mode`: "on", "off" or "corrupt"
 * (SNAPSHOT_PARAMETER); `workers`: the client's (1: no maker).
 */
export class SnapshotSpares {
  constructor({ start, config, mode = "on", workers = 2 }) {
    this.start = start;
    this.config = config;
    this.corrupt = mode === "corrupt";
    this.snapshot = null;     // the maker's, once accepted
    this.maker = null;        // {worker, result: Promise<snapshot | null>, waiting: SnapshotSpare | null}
    this.restored = 0;
    this.fellBack = 0;
    this.makers = 0;          // maker workers started
    this.boots = 0;           // spares started by a normal boot (the page's first worker aside)
    this.reason = null;
    this.state = "waiting";   // waiting (for a maker), making, ready, failed, off
    if (mode === "off") this.turnOff(OFF_REASONS.parameter);
    else if (workers === 1) this.turnOff(OFF_REASONS.oneWorker);
    else this.checkPackages();
  }

  turnOff(reason) {
    this.state = "off";
    this.reason = reason;
  }

  checkPackages() {
    if ((this.config.runtime.packageWheels || []).length) this.turnOff(OFF_REASONS.packages);
  }

  /** What tests and the benchmark read (window.exercise.spareSnapshot()). */
  report() {
    return { state: this.state, restored: this.restored, fellBack: this.fellBack, reason: this.reason,
             makers: this.makers, boots: this.boots };
  }

  /** Start the maker, if this problem's spares have no snapshot and none is being made. The
   *  caller starts it only when it is the page's second Python at most. */
  make() {
    if (this.state !== "waiting") return;
    this.state = "making";
    this.makers += 1;
    const worker = this.start(this.config, { role: "maker" });
    let settle = null;
    const maker = { worker, waiting: null, settle: null, result: new Promise((resolve) => { settle = resolve; }) };
    maker.settle = settle;
    this.maker = maker;
    const done = (snapshot, why) => {
      if (maker.finished) return;
      maker.finished = true;
      worker.terminate();   // before any spare restores: still two Pythons at most
      if (this.maker === maker) {   // else the page moved to another problem: only its waiting spare takes it
        this.maker = null;
        if (snapshot) Object.assign(this, { snapshot, state: "ready" });
        else Object.assign(this, { state: "failed", reason: why });
      }
      settle(snapshot);
    };
    worker.onmessage = (event) => {
      const message = event.data;
      if (!message || typeof message !== "object") return;
      if (message.type === "snapshot") {
        if (isSpareSnapshot(message.snapshot)) done(message.snapshot, null);
        else done(null, "the maker's snapshot was not a snapshot");
      } else if (message.type === "fatal") done(null, String(message.message));
      else maker.waiting?.relay(message);
    };
    worker.onerror = (event) => done(null, event.message || "the maker failed");
  }

  /** A spare for `pageConfig` (this page's problem when omitted): restored when it can be. */
  startWorker(pageConfig = undefined) {
    const config = pageConfig || this.config;
    const boot = () => { this.boots += 1; return this.start(config, {}); };
    if (config.slug !== this.config.slug) return boot();
    if (this.state === "waiting") this.make();
    if (this.state !== "ready" && this.state !== "making") return boot();
    const maker = this.maker;
    const spare = new SnapshotSpare({
      snapshot: maker ? maker.result : Promise.resolve(this.snapshot),
      restore: (snapshot) => this.start(config, { snapshot: this.corrupt ? corrupted(snapshot) : snapshot }),
      boot,
      onRestored: () => { this.restored += 1; },
      onFailed: (why) => this.dropSnapshot(why),
      onAbandoned: () => this.abandon(maker),
    });
    if (maker) maker.waiting = spare;
    return spare;
  }

  // The spare that waited for `maker` was let go (a swap, a failure): the maker goes too,
  // and the next "ready" may start another.
  abandon(maker) {
    if (!maker || maker.finished) return;
    maker.finished = true;
    maker.worker.terminate();
    if (this.maker !== maker) return;
    this.maker = null;
    this.state = "waiting";
  }

  dropSnapshot(why) {
    this.fellBack += 1;
    this.snapshot = null;
    this.turnOff(`a restore failed (${why}): later spares boot normally`);
  }

  /** The page now shows `config`'s problem (an in-place swap): the old snapshot goes. */
  switchProblem(config) {
    const maker = this.maker;
    this.maker = null;
    // A spare waiting for the maker keeps it: it restores the old problem from its snapshot and
    // is then given the new one (runtime_client.mjs switchProblem), no boot from scratch.
    if (maker && !maker.waiting) {
      maker.finished = true;
      maker.worker.terminate();
    }
    this.snapshot = null;
    this.config = config;
    if (this.state === "off" && this.reason !== OFF_REASONS.packages) return;
    this.state = "waiting";
    this.reason = null;
    this.checkPackages();
  }
}
