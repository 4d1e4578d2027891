// The worker's side of spares restored from a memory snapshot (issue 33): starting Python
// as the maker (numpy's shared libraries preloaded, `_makeSnapshot`), taking the snapshot
// once the problem is prepared, and starting Python from one. worker.js calls these; the
// mechanism is snapshot_spare.mjs, shared with the Node proof (web/node/snapshot_spare.mjs).
import { compileLibraries, sharedLibraries } from "./snapshot_libs.mjs";
import { restoreSpare, snapshotRoots, startWithLibraries, takeSnapshot } from "./snapshot_spare.mjs";

/** Where the worker installs wheels (sysconfig's purelib, normalized), and its home. */
export const SITE_PACKAGES = "/lib/python3.13/site-packages";
const HOME = "/home/pyodide";

/** Pyodide's loader script, before loadPyodide: the snapshot hook wraps what it defines
 *  (loaded once: the shared wasm's hook, shared_wasm.mjs, may have wrapped it already). */
function loadCore(scope, pyodideDir) {
  if (typeof scope._createPyodideModule !== "function") scope.importScripts(pyodideDir + "pyodide.asm.js");
}

/**
 * A maker's Pyodide: `numpyWheel` (its bytes, or a promise of them) gives the shared
 * libraries preloaded before Python starts. Returns {pyodide, libraries}.
 */
export async function startMaker(scope, pyodideDir, numpyWheel, options) {
  loadCore(scope, pyodideDir);
  // Compiled here once; the restored spares instantiate these modules (sent with the snapshot).
  const libraries = await compileLibraries(
    await sharedLibraries([{ bytes: new Uint8Array(await numpyWheel), installDir: SITE_PACKAGES }]));
  const pyodide = await startWithLibraries(scope, scope.loadPyodide, { ...options, _makeSnapshot: true }, libraries);
  return { pyodide, libraries };
}

/**
 * The snapshot of a maker whose `session` is prepared and warmed up (nothing else ran in
 * it): settled and configured for its first run as an idle spare would be, kept in Python
 * for the restores. Returns {snapshot, transfer}: the buffers to transfer with it.
 */
export function snapshotOf(pyodide, session, libraries) {
  session.settle();
  session.prepare_next();
  pyodide.pyimport("exercisekit.runtime.snapshot").keep(session);
  const snapshot = takeSnapshot(pyodide, snapshotRoots(SITE_PACKAGES, HOME), libraries);
  const transfer = [...new Set([snapshot.memory.buffer, ...snapshot.files.map(({ bytes }) => bytes.buffer)])];
  return { snapshot, transfer };
}

/** Pyodide restored from `snapshot` (the maker's, through the page): {pyodide, session}. */
export async function startFromSnapshot(scope, pyodideDir, snapshot, options) {
  loadCore(scope, pyodideDir);
  return restoreSpare(scope, scope.loadPyodide, options, snapshot);
}
