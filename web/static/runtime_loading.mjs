// What the status line says while a spare Python worker loads and no job runs. Whether a
// loading step is news depends on what the learner waits for, not on the worker: so these
// are pure functions of the client's state and its waiting jobs (runtime_client.mjs passes
// itself and its queue; the fields read are named below), tested on literal states in
// tests/js/runtime_loading.test.mjs.
import { runWaits } from "./runtime_jobs.mjs";

/** The loading text of a worker that has said nothing yet. */
export const FIRST_STEP = "Loading Python…";
/** The loading text of a booted spare given another problem (runtime_client.mjs switchProblem). */
export const NEW_PROBLEM_STEP = "Preparing the tests…";
const WAITING = " — your run starts when Python is ready";


/**
 * Whether the learner is waiting for the spare that loads: the first Python, a restart, or
 * a run asked for before the spare is ready. A spare loading in the background is not.
 * `state`: {everReady, restartReason}; `queue`: the waiting jobs, [{kind}].
 */
export function loadingIsNews({ everReady, restartReason }, queue) {
  return !everReady || Boolean(restartReason) || runWaits(queue);
}

/**
 * The status ([state, text]) while the spare loads its step `loadingText`, or null when
 * there is nothing to say: Python failed to start, the spare has booted, or the page has
 * been ready and no run waits for this spare (Try it and the plots are served at once, so
 * the status still says "Ready"). A restart says why (`restartReason`, {state, text}).
 * `state`: {startFailed, spare: {booted}|null, loadingText, everReady, restartReason};
 * `queue`: the waiting jobs, [{kind}].
 */
export function loadingStatus({ startFailed, spare, loadingText, everReady, restartReason }, queue) {
  if (startFailed || (spare && spare.booted)) return null;
  const waiting = queue.length ? WAITING : "";
  if (restartReason) return [restartReason.state, `${restartReason.text} Restarting: ${loadingText}${waiting}`];
  if (!everReady) return ["loading", loadingText + waiting];
  if (runWaits(queue)) return ["loading", `Preparing a fresh Python for your run: ${loadingText}`];
  return null;
}
