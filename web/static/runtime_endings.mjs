// How a job in flight ends, and what then becomes of the worker it was given to: the answer
// channel of runtime_client.mjs. The client decides which worker gets which job; here each
// message of the used worker is judged (an answer believed only from that worker, for the job
// it is awaited for: runtime_jobs.mjs JobQueue.answered), and a worker that times out, crashes,
// stays busy after its job or reports code left running after it (worker_leftovers.mjs) is
// let go. Functions of the client (runtime_client.mjs RuntimeClient), tested through it under
// Node with fake workers (tests/js/runtime_client.test.mjs).
import { BUSY, answerKind, crashStop, timeoutStop } from "./runtime_jobs.mjs";

/** @typedef {import("./runtime_client.mjs").RuntimeClient} RuntimeClient */

/** A message from the used worker `slot`: an answer, "idle" after a job, or "fatal".
 *  @param {RuntimeClient} client */
export function fromUsed(client, slot, message) {
  const kind = answerKind(message.type);
  if (kind) finished(client, slot, message.id, message.result, kind);
  else if (message.type === "idle") becameIdle(client, slot, message.id, message.tainted === true);
  else if (message.type === "fatal") crashed(client, slot, String(message.message));
}

/** @param {RuntimeClient} client */
function finished(client, slot, id, result, kind) {
  const pending = client.jobs.answered(slot, id, kind, result);
  if (!pending) return;
  result.timedOut = false;
  // Code the learner scheduled to run later (js.setTimeout) must not hold this worker.
  slot.watchBusy(client.timeLimit, () => lost(client, slot, BUSY));
  client.emit("status", "ready", "Ready");
  pending.resolve(result);
  // State the worker could not restore: Try it and the plots get a fresh worker too.
  if (result.tainted) client.drop(slot);
  client.provideSpare();
  client.startNext();
}

// The worker settled after job `id`: it takes the next job, unless what that job did could
// not be undone or code it left ran after it (`tainted`): it is then let go.
/** @param {RuntimeClient} client */
function becameIdle(client, slot, id, tainted) {
  if (id !== slot.lastId || (client.jobs.pending && client.jobs.pending.slot === slot)) return;
  slot.stopWatch();
  if (tainted) client.drop(slot);
  else slot.idle = true;
  client.startNext();
}

/** `slot` is gone (timed out, crashed, kept busy); say why until a spare is ready.
 *  @param {RuntimeClient} client */
export function lost(client, slot, reason) {
  client.drop(slot);
  if (client.spare && client.spare.booted) {
    if (!client.jobs.pending) client.emit("status", reason.state, reason.text);
  } else {
    client.restartReason = reason;
    client.provideSpare();
    if (!client.jobs.pending) client.showLoading();
  }
  client.startNext();
}

/** The job in flight passed the time limit: its worker goes, the job answers as stopped.
 *  @param {RuntimeClient} client */
export function timedOut(client) {
  const { resolve, kind, slot } = client.jobs.take();
  const stop = timeoutStop(client.timeLimit);
  lost(client, slot, stop.reason);
  resolve(client.jobs.stopped(kind, "timeout", stop.answer));
}

// The used worker failed (a crash in the job it runs, or it stopped on its own).
/** @param {RuntimeClient} client */
function crashed(client, slot, message) {
  const pending = client.jobs.take(slot);
  const stop = crashStop(message);
  lost(client, slot, stop.reason);
  if (pending) pending.resolve(client.jobs.stopped(pending.kind, "crash", stop.answer));
}
