// The page's side of spares restored from a memory snapshot (issue 33). Once the page's
// first Python is ready, a *maker* worker boots, prepares the problem exactly as a spare
// does and posts a memory snapshot of itself; it is never given a job, and is terminated
// once it has answered. Every later spare of that problem starts from the snapshot instead
// of booting (0.1-0.2x the time). The page takes a snapshot only from the maker it started,
// only once, and only for the problem it was started for; the maker runs no learner code.
// Any failure falls back to a normal boot: a maker that fails, a restore that fails (the
// snapshot is then dropped for the page), a problem with other packages than numpy (their
// shared libraries are not preloaded). No DOM: unit-testable with fake workers.
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

/** A worker-like object over a worker that restores from a snapshot, which becomes a normally
 *  booted worker if the restore fails: the runtime client sees one worker throughout. */
class RestoringWorker {
  constructor(restore, boot, onRestored, onFailed) {
    this.onmessage = null;
    this.onerror = null;
    this.boot = boot;
    this.onRestored = onRestored;
    this.onFailed = onFailed;
    this.restoring = true;
    this.attach(restore());
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

  postMessage(message) { this.worker.postMessage(message); }

  terminate() { this.worker.terminate(); }
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
    this.snapshot = null;
    this.maker = null;
    this.restored = 0;
    this.fellBack = 0;
    this.reason = null;
    this.state = "waiting";
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
    return { state: this.state, restored: this.restored, fellBack: this.fellBack, reason: this.reason };
  }

  /** Start the maker, if this problem's spares have no snapshot and none is being made. */
  make() {
    if (this.state !== "waiting") return;
    this.state = "making";
    const maker = this.start(this.config, { role: "maker" });
    this.maker = maker;
    const done = (snapshot, why) => {
      if (this.maker !== maker) return;
      maker.terminate();
      this.maker = null;
      if (snapshot) {
        this.snapshot = snapshot;
        this.state = "ready";
      } else {
        this.state = "failed";
        this.reason = why;
      }
    };
    maker.onmessage = (event) => {
      const message = event.data;
      if (message && message.type === "snapshot") {
        if (isSpareSnapshot(message.snapshot)) done(message.snapshot, null);
        else done(null, "the maker's snapshot was not a snapshot");
      } else if (message && message.type === "fatal") done(null, String(message.message));
    };
    maker.onerror = (event) => done(null, event.message || "the maker failed");
  }

  /** A spare for `pageConfig` (this page's problem when omitted): restored when it can be. */
  startWorker(pageConfig = undefined) {
    const config = pageConfig || this.config;
    const boot = () => this.start(config, {});
    if (this.state !== "ready" || config.slug !== this.config.slug) return boot();
    const snapshot = this.corrupt ? corrupted(this.snapshot) : this.snapshot;
    return new RestoringWorker(() => this.start(config, { snapshot }), boot,
                               () => { this.restored += 1; },
                               (why) => this.dropSnapshot(why));
  }

  dropSnapshot(why) {
    this.fellBack += 1;
    this.snapshot = null;
    this.turnOff(`a restore failed (${why}): later spares boot normally`);
  }

  /** The page now shows `config`'s problem (an in-place swap): the old snapshot goes. */
  switchProblem(config) {
    if (this.maker) this.maker.terminate();
    this.maker = null;
    this.snapshot = null;
    this.config = config;
    if (this.state === "off" && this.reason !== OFF_REASONS.packages) return;
    this.state = "waiting";
    this.reason = null;
    this.checkPackages();
  }
}
