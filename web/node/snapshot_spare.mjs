// The page's spare snapshot under Node (issue 33), as proof and measure: a maker boots the
// vendored Pyodide with numpy's shared libraries preloaded, installs the wheels and the
// runtime package as the page's worker does, prepares the problem (session, warm-up, pytest
// configured), keeps the session and takes a memory snapshot; then spares restored from it
// run real jobs through Session.handle. A normal boot runs the same jobs beside them.
// Called by tests/legs/test_snapshot_spare.py.
//
// stdin:  {pyodideDir, wheels: [path], runtimeZip: path, problem: <problem data>, jobs: [JobRequest],
//          restores: n, corrupt: bool}
// stdout: one line "SNAPSHOT <json>": {snapshotBytes, fileCount, make_ms, booted: {ready_ms, answers,
//         first_ms}, restored: [{ready_ms, answers, first_ms}], corruptError}
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { compileLibraries, sharedLibraries } from "../static/snapshot_libs.mjs";
import { restoreSpare, snapshotRoots, startWithLibraries, takeSnapshot } from "../static/snapshot_spare.mjs";

const fail = (error) => { console.error(String((error && error.stack) || error)); process.exit(1); };
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

const request = JSON.parse(readFileSync(0, "utf8"));
const indexURL = request.pyodideDir + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
await import(pathToFileURL(indexURL + "pyodide.asm.js").href);   // defines globalThis._createPyodideModule
const quiet = () => {};
const options = { indexURL, stdout: quiet, stderr: quiet };
const HOME = "/home/pyodide/exercise";
const SITE_PACKAGES = "/lib/python3.13/site-packages";

const wheels = request.wheels.map((path) => ({ path, bytes: new Uint8Array(readFileSync(path)) }));
// Only Python wheels' libraries are preloaded: this proof covers numpy (what every page loads).
// Compiled once, as the page's maker does (worker_snapshot.mjs startMaker).
const libraries = await compileLibraries(await sharedLibraries(wheels.filter(({ path }) => path.endsWith(".whl"))
  .map(({ bytes }) => ({ bytes, installDir: SITE_PACKAGES }))));

// The page's worker's install (web/static/worker.js installWheels) and preparation (openSession).
function prepare(pyodide) {
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  if (pyodide.PATH.normalize(sitePackages) !== SITE_PACKAGES) throw new Error(`site-packages is ${sitePackages}, not ${SITE_PACKAGES}`);
  for (const { path, bytes } of wheels) {
    const [format, extractDir] = path.endsWith(".whl") ? ["wheel", sitePackages] : ["zip", "/usr/lib"];
    pyodide.unpackArchive(bytes, format, { extractDir });
  }
  pyodide.unpackArchive(new Uint8Array(readFileSync(request.runtimeZip)), "zip");
  const session = pyodide.pyimport("exercisekit.runtime.session").open_session(JSON.stringify(request.problem), `${HOME}/0`);
  session.warm_up_json(request.problem.starter);
  session.settle();
  session.prepare_next();
  return session;
}

// The jobs in one spare, as the page gives them (settle later), each answer parsed.
function answers(session) {
  const results = [];
  let first = null;
  for (const job of request.jobs) {
    const started = performance.now();
    results.push(JSON.parse(session.handle_json(JSON.stringify({ ...job, settle: false }))));
    if (first === null) first = performance.now() - started;
    session.settle();
    session.prepare_next();
  }
  return { answers: results, first_ms: Math.round(first) };
}

// A normal boot, as today's spares (no snapshot option, libraries loaded on import).
let started = performance.now();
const plain = await loadPyodide(options);
const plainSession = prepare(plain);
const booted = { ready_ms: Math.round(performance.now() - started), ...answers(plainSession) };

// The maker.
started = performance.now();
const maker = await startWithLibraries(globalThis, loadPyodide, { ...options, _makeSnapshot: true }, libraries);
const kept = prepare(maker);
maker.pyimport("exercisekit.runtime.snapshot").keep(kept);
kept.destroy();
const snapshot = takeSnapshot(maker, snapshotRoots(SITE_PACKAGES, "/home/pyodide"), libraries);
const make_ms = Math.round(performance.now() - started);

const restored = [];
for (let i = 0; i < request.restores; i += 1) {
  started = performance.now();
  const { session } = await restoreSpare(globalThis, loadPyodide, options, snapshot);
  restored.push({ ready_ms: Math.round(performance.now() - started), ...answers(session) });
}

let corruptError = null;
if (request.corrupt) {
  const memory = snapshot.memory.slice();
  memory.fill(0, 0, 64);   // the header: magic number and Pyodide's build id
  try {
    await restoreSpare(globalThis, loadPyodide, options, { ...snapshot, memory });
  } catch (error) {
    corruptError = String((error && error.message) || error);
  }
}

process.stdout.write("SNAPSHOT " + JSON.stringify({
  snapshotBytes: snapshot.memory.length, fileCount: snapshot.files.length,
  fileBytes: snapshot.files.reduce((sum, { bytes }) => sum + bytes.length, 0),
  libraries: libraries.length, make_ms, booted, restored, corruptError,
}) + "\n");
process.exit(0);
