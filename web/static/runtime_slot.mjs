// One Python worker as runtime_client.mjs keeps it. The client judges every message by the
// slot it came from (the spare, the used worker, or one already let go), so each worker
// gets a slot of its own at start, and what the client tracks about that worker (booted,
// idle, the last job given, the watch on code left running) travels with it.

// A watch that must not keep a process alive on its own (Node, in the unit tests).
const background = (timer) => { timer?.unref?.(); return timer; };

/**
 * `worker`: Worker-like ({postMessage, terminate, onmessage, onerror}). Its messages, and a
 * worker error as a "fatal" message, go to `receive(slot, message)`.
 */
export class WorkerSlot {
  constructor(worker, receive) {
    this.worker = worker;
    this.booted = false;     // Python loaded and the problem prepared
    this.idle = false;       // ready for a job: booted and settled after the last one
    this.lastId = 0;         // the id of the last job given; its "idle" is the one that counts
    this.busyTimer = null;   // set after a job until the worker reports idle
    this.bootTimer = null;   // while booting: set until the worker's next word (watchBoot)
    this.nextProblem = null; // {dataUrl, dataSha256}: to prepare once booted (the page moved on meanwhile)
    this.wasm = null;        // "shared" or "own": whether it runs the page's compiled wasm (shared_wasm.mjs)
    this.aheadAsked = null;  // the data URL of the problem it was asked to prepare ahead
    this.preparedAhead = false;   // its "ready" served a problem it had prepared ahead
    worker.onmessage = (event) => receive(this, event.data);
    // An error with no message is a script the browser could not load (the network gone,
    // with a host that lets nothing be cached): a boot that may succeed later.
    worker.onerror = (event) => receive(this, { type: "fatal", id: null, retry: !event.message,
                                                message: event.message || "the Python runtime could not be loaded or stopped" });
  }

  /** Give the worker a job: `message` from runtime_jobs.mjs jobMessage. */
  give(message) {
    this.idle = false;
    this.lastId = message.id;
    this.worker.postMessage(message);
  }

  /** Have a booted worker prepare another problem ({dataUrl, dataSha256}); it says "ready" again. */
  openProblem({ dataUrl, dataSha256 }) {
    this.booted = false;
    this.idle = false;
    this.heardWhileBooting();   // preparing it is a boot too: bounded the same way
    this.worker.postMessage({ type: "problem", dataUrl, dataSha256 });
  }

  /** Have a booted worker that took no job prepare another problem beside its own, once:
   *  it answers nothing (worker.js "ahead"). */
  prepareAhead({ dataUrl, dataSha256 }) {
    if (this.lastId !== 0 || this.aheadAsked === dataUrl) return;
    this.aheadAsked = dataUrl;
    this.worker.postMessage({ type: "ahead", dataUrl, dataSha256 });
  }

  /** Call `onStuck` if the booting worker says nothing for `seconds`; each word restarts
   *  the count (heardWhileBooting), "ready" ends it. */
  watchBoot(seconds, onStuck) {
    this.stuck = () => onStuck(this);
    this.bootSeconds = seconds;
    this.heardWhileBooting();
  }

  heardWhileBooting() {
    clearTimeout(this.bootTimer);
    if (!this.booted && this.stuck) this.bootTimer = background(setTimeout(this.stuck, this.bootSeconds * 1000));
  }

  /** Call `onBusy` unless the worker reports idle (stopWatch) within `seconds`. */
  watchBusy(seconds, onBusy) {
    this.busyTimer = setTimeout(onBusy, seconds * 1000);
  }

  /** The worker settled: no more watch on it. */
  stopWatch() {
    clearTimeout(this.busyTimer);
  }

  /** Stop the worker for good (the Python in it and any code left running). */
  terminate() {
    this.stopWatch();
    clearTimeout(this.bootTimer);
    this.worker.terminate();
  }
}
