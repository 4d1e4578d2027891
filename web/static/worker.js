// The Python runtime of a problem page: Pyodide, numpy and pytest in a Web Worker, so the
// page stays responsive and a run that never ends can be stopped by terminating us.
// All the Python is in the runtime package (exercisekit/runtime/, shipped as one zip):
// this file boots Pyodide, unpacks it, and calls its Session through `pyimport`.
//
// Messages in:  {type: "init", config, sharedWasm}  then  {type: "run", id, code}  or  {type: "try", id, code, snippet}
//               or  {type: "sweeps", id, code};  {type: "problem", dataUrl, dataSha256}: before
//               any learner code ran here, serve another problem (the page swapped it in place);
//               {type: "ahead", dataUrl, dataSha256}: before any learner code ran here, prepare
//               that problem beside the one served, for a "problem" message to come (the Next
//               link shows); nothing is answered, and the problem served stays as it was;
//               {type: "wasm", module}: the page's compiled pyodide.asm.wasm, or null, after an
//               init whose `sharedWasm` promised it (shared_wasm.mjs). "init" may carry
//               `role: "maker"` (prepare the problem, post its snapshot, and take no job) or
//               `snapshot` (start from the maker's snapshot instead of booting: snapshot_page.mjs)
// Messages out: {type: "status", step, text}   while loading: step is "download", "python",
//                                              "packages" or "tests"
//               {type: "progress", value}      while loading: how far, 0..1, never falling
//               {type: "ready", wasm, ahead}   the first run can start; wasm: "shared" (the page's
//                                              compiled module) or "own" (this worker compiled it);
//                                              ahead: true when the problem was prepared ahead
//               {type: "result", id, result}   result: RunResult.to_json() (exercisekit/runtime/results.py)
//               {type: "tried", id, result}    result: Session.try_snippet (exercisekit/runtime/session.py)
//               {type: "swept", id, result}    result: Session.sweep_curves, the learner's curves
//               {type: "idle", id, tainted}    after job `id`, the worker is free again; `tainted`:
//                                              the job's state could not be undone, or code it left ran
//               {type: "fatal", id, message, retry}   Python itself failed (id: the run, if one was
//                                              going; retry: a boot failure that may pass)
//               {type: "snapshot", snapshot}   a maker's only answer (snapshot_spare.mjs takeSnapshot)
//               {type: "restore-failed", message}   the snapshot would not start: boot another worker
//                                              normally (snapshot_page.mjs); this one does nothing more
// Bundled by esbuild into one classic script (exercisekit/site/frontend.py), wrapped in a
// function: nothing declared here is a global learner code could read.
import { lockDown } from "./worker_lockdown.mjs";
import { supplyCompiledModule } from "./shared_wasm.mjs";
import { snapshotOf, startFromSnapshot, startMaker } from "./worker_snapshot.mjs";

// Before anything else, and so before any learner code: what this worker keeps for itself
// (the page's channel, captured) and what it gives up for good (worker_lockdown.mjs).
const guard = lockDown(self);

const HOME = "/home/pyodide/exercise";
let pyodide = null;
let session = null;
let maker = null;   // {libraries} in a maker (it posts a snapshot instead of becoming ready)

const postMessage = guard.post;   // the captured channel to the page, whatever learner code replaces
const setTimeout = guard.later;

function status(step, text) {
  postMessage({ type: "status", step, text });
}

// How far loading is, for the page's progress bar: each part adds its share once it is
// done. The downloads share half (the wheels, the runtime package and the problem's data,
// counted as they arrive), then starting Python, installing the packages, opening the
// session and the warm-up run; their shares are rough measured proportions, not promises.
const SHARE = { downloads: 0.45, python: 0.25, packages: 0.15, session: 0.05, warmUp: 0.1 };
let progressValue = 0;
function advance(share) {
  progressValue = Math.min(1, progressValue + share);
  postMessage({ type: "progress", value: progressValue });
}

async function download(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url} (HTTP ${response.status})`);
  return response.arrayBuffer();
}

// Said when the files this page was built with are gone or changed: the site was rebuilt
// since the page loaded. Never run another build's tests against this page's config.
const OTHER_BUILD = "the site was updated since this page was loaded, and this page's files are gone; " +
  "reload the page to get the new version";
// A failure no retry can mend: the page must not start another worker to meet it again.
function lasting(text) {
  return Object.assign(new Error(text), { lasting: true });
}

/** The problem's data, as text, only if it is the data this page was built with: its name
 *  carries a hash of its content (a rebuild changes the name, and the old one is gone) and
 *  its SHA-256 must be `sha256`, the digest the page's config holds (exercisekit/site/build.py). */
async function problemData(url, sha256) {
  const response = await fetch(url);
  if (response.status === 404) throw lasting(OTHER_BUILD);
  if (!response.ok) throw new Error(`could not load ${url} (HTTP ${response.status})`);
  const bytes = await response.arrayBuffer();
  if (sha256 && (await sha256Hex(bytes)) !== sha256) throw lasting(OTHER_BUILD);
  return new TextDecoder().decode(bytes);
}

// Resolved with Pyodide as soon as it has loaded (init), for sha256Hex's fallback.
let pythonLoaded = null;
const pythonUp = new Promise((resolve) => { pythonLoaded = resolve; });

/** The SHA-256 of `bytes` in hex. Web Crypto exists only in a secure context (https, or http
 *  on localhost): a site served over plain http at another address (a classroom's LAN) has
 *  none, in every browser, and the page could not start. There Python's hashlib gives the
 *  same digest, once Python is up; this worker has run no learner code yet when it asks. */
async function sha256Hex(bytes) {
  if (globalThis.crypto && crypto.subtle) {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  const python = await pythonUp;
  const hashlib = python.pyimport("hashlib");
  const view = python.toPy(new Uint8Array(bytes));
  const hash = hashlib.sha256(view);
  try { return hash.hexdigest(); } finally { for (const proxy of [hash, view, hashlib]) proxy.destroy(); }
}

/** Install wheels from their bytes into site-packages. The site ships them as `.zip`
 *  (exercisekit/assets/vendor.py shipped_wheel_name), never as `.whl`, which some proxies
 *  refuse, so Pyodide's loadPackage (which wants a URL ending in .whl) is not used: a wheel
 *  is a zip whose top level is its packages and its .dist-info, which is all an install of
 *  a pure-Python or Pyodide wheel does. numpy's compiled modules load when imported. */
function installWheels(urls, archives) {
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  archives.forEach((bytes, i) => {
    // A shared library of Pyodide's lock (libopenblas for scipy) goes where dlopen looks.
    if (urls[i].endsWith(".dynlib.zip")) pyodide.unpackArchive(bytes, "zip", { extractDir: "/usr/lib" });
    else pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
  });
}

// The page's compiled pyodide.asm.wasm ("wasm" message), awaited only if init promised it.
let wasmArrived = null;
const pageWasm = new Promise((resolve) => { wasmArrived = resolve; });
let wasmUsed = "own";   // how this worker's wasm was instantiated, said with "ready"

/** Have loadPyodide instantiate the page's compiled module when one came and Pyodide's
 *  shape is the one shared_wasm.mjs knows; otherwise Pyodide boots on its own path. */
async function offerPageWasm(config, promised) {
  if (!promised) return;
  // Pyodide's own loader would run it too (loadPyodide skips that once it has run); here it
  // runs while the page's compile may still be going.
  importScripts(config.pyodideDir + "pyodide.asm.js");
  const module = await pageWasm;
  if (!module) return;
  const why = supplyCompiledModule(self, module, config.pyodideDir + "pyodide.asm.wasm", (how) => { wasmUsed = how; });
  if (why) console.warn(`Python starts without the page's compiled wasm: ${why}`);
}

/** @param {{sharedWasm?: boolean, role?: string, snapshot?: any}} how  whether the page posts its
 *  compiled wasm; a maker's role, or a snapshot to start from */
async function init(config, dataSha256, how = {}) {
  const { role, snapshot } = how;
  const sharedWasm = how.sharedWasm === true;
  if (snapshot) return restore(config, snapshot, sharedWasm);
  // Everything the runtime needs is requested at once; Pyodide's own files come first.
  status("download", "Downloading Python…");
  const files = [config.numpyWheel, ...config.testWheels, ...(config.packageWheels || [])];
  const share = SHARE.downloads / (files.length + 2);
  const counted = (promise) => promise.then((value) => { advance(share); return value; });
  const data = counted(problemData(config.dataUrl, dataSha256));
  const runtimeZip = counted(download(config.runtimeUrl));
  const wheels = files.map((url) => counted(download(url)));
  // A failed download must not go unhandled while Python boots: each is awaited below.
  for (const promise of [data, runtimeZip, ...wheels]) promise.catch(() => {});

  importScripts(config.pyodideDir + "pyodide.js");
  status("python", "Starting Python…");
  await offerPageWasm(config, sharedWasm === true);
  // Learner output is captured by the runtime; anything else Pyodide prints is noise here.
  const options = { indexURL: config.pyodideDir, stdout: () => {}, stderr: () => {} };
  if (role === "maker") ({ pyodide, libraries: maker } = await startMaker(self, config.pyodideDir, wheels[0], options));
  else pyodide = await loadPyodide(options);
  guard.dropScriptLoading();   // Pyodide needed importScripts to start; nothing after it does
  pythonLoaded(pyodide);
  advance(SHARE.python);

  status("packages", "Loading numpy and the test runner…");
  installWheels(files, await Promise.all(wheels));
  advance(SHARE.packages);

  status("tests", "Preparing the tests…");
  pyodide.unpackArchive(await runtimeZip, "zip");
  openSession(await data);
}

// A spare started from the maker's snapshot: the problem is prepared in it already (its
// session kept in Python, in folder 0). Any failure is said, and the page boots another
// worker normally: this one may hold half a Python.
async function restore(config, snapshot, sharedWasm) {
  status("python", "Starting Python…");
  try {
    importScripts(config.pyodideDir + "pyodide.js");
    await offerPageWasm(config, sharedWasm);
    const options = { indexURL: config.pyodideDir, stdout: () => {}, stderr: () => {} };
    ({ pyodide, session } = await startFromSnapshot(self, config.pyodideDir, snapshot, options));
  } catch (error) {
    postMessage({ type: "restore-failed", message: String((error && error.message) || error) });
    return;
  }
  guard.dropScriptLoading();
  pythonLoaded(pyodide);
  problemsServed = 1;
  advance(1);
  postMessage({ type: "ready", wasm: wasmUsed });
  setTimeout(() => becomeIdle(0), 0);
}

// Each problem served gets its own folder, as in check's leg (evaluate_jobs: HOME/0, HOME/1...).
let problemsServed = 0;

// A session for `problem` (its data as text), warmed up: a first, trusted run against the
// starter imports the tests and warms pytest and the diagnosis, so the learner's first click
// costs what a rerun costs; the state after it is what every later run is restored to.
function warmSession(problem) {
  const opened = pyodide.pyimport("exercisekit.runtime.session").open_session(problem, `${HOME}/${problemsServed++}`);
  opened.warm_up_json(JSON.parse(problem).starter);
  return opened;
}

function openSession(problem) {
  session = warmSession(problem);
  advance(SHARE.session + SHARE.warmUp);
  if (maker) {
    const { snapshot, transfer } = snapshotOf(pyodide, session, maker);
    postMessage({ type: "snapshot", snapshot }, transfer);
    return;
  }
  postMessage({ type: "ready", wasm: wasmUsed });
  setTimeout(() => becomeIdle(0), 0);
}

// A session could not be made sure of after another was opened beside it: the page lets
// this worker go and starts another spare (runtime_client.mjs fromSpare).
function letGo() {
  postMessage({ type: "idle", id: 0, tainted: true });
}

// Problems prepared ahead ("ahead"): their data's URL and digest -> a promise of their
// warmed-up session, or of null when it could not be prepared. Only before any learner code
// ran here: a worker that took a job serves no other problem (runtime_client.mjs).
const ahead = new Map();
let tookJob = false;

async function prepareAhead(dataUrl, dataSha256) {
  const key = `${dataUrl} ${dataSha256}`;
  if (tookJob || !session || ahead.has(key)) return;
  const prepared = problemData(dataUrl, dataSha256).then((problem) => {
    if (tookJob) return null;   // a run came while the data loaded
    let next = null;
    try { next = warmSession(problem); } finally {
      // The problem served goes on as if the other was never opened (Session.resume), and
      // its next run is configured again, as after any job (becomeIdle).
      if (session.resume()) letGo();
      else session.prepare_next();
    }
    return next;
  });
  ahead.set(key, prepared.catch(() => null));
  await ahead.get(key);
}

// Another problem, in a worker that has run only trusted code (its boot and warm-up): the
// page client sends this to its spare only (runtime_client.mjs switchProblem). A problem
// prepared ahead is served at once.
async function serveProblem(dataUrl, dataSha256) {
  const preparedAhead = await (ahead.get(`${dataUrl} ${dataSha256}`) || null);
  ahead.clear();
  if (preparedAhead) {
    session = preparedAhead;
    if (session.resume()) { letGo(); return; }
    advance(1);
    postMessage({ type: "ready", wasm: wasmUsed, ahead: true });
    setTimeout(() => becomeIdle(0), 0);
    return;
  }
  progressValue = 1 - SHARE.session - SHARE.warmUp - SHARE.downloads / 4;
  status("tests", "Preparing the tests…");
  const problem = await problemData(dataUrl, dataSha256);
  advance(SHARE.downloads / 4);
  openSession(problem);
}

// Between runs, while the learner types, restore the interpreter after the last run
// (Session.settle: after the result was posted, so a click does not wait for it) and
// configure pytest for the next run. Posting "idle" tells the page that nothing the
// learner's code scheduled (a js.setTimeout callback, say) is still holding the worker, and
// that all of it is stopped; `tainted` that the run's changes could not be undone, or that
// code the job left ran after it.
function becomeIdle(id) {
  // First stop what the job left (worker_leftovers.mjs): if any of it ran after the job,
  // the page gives this worker no other job, whatever the restore finds.
  const outlived = guard.stopLeftovers();
  const tainted = Boolean(session.settle()) || outlived;
  session.prepare_next();
  postMessage({ type: "idle", id, tainted });
}

// The reply to each kind of job: the page's message type -> the worker's answer type.
const REPLY = { run: "result", try: "tried", sweeps: "swept" };

// Every message from the page is taken here first and goes no further: learner code left
// running (a callback it scheduled) never sees a job or its id, so it cannot answer one.
guard.onPageMessage(async (message) => {
  try {
    if (message.type === "wasm") wasmArrived(message.module instanceof WebAssembly.Module ? message.module : null);
    else if (message.type === "init") await init(message.config, message.dataSha256, message);
    else if (message.type === "problem") await serveProblem(message.dataUrl, message.dataSha256);
    else if (message.type === "ahead") await prepareAhead(message.dataUrl, message.dataSha256);
    else if (Object.hasOwn(REPLY, message.type)) {
      tookJob = true;
      // Session.handle is the one dispatch table (exercisekit/runtime/session.py); a run is
      // settled later, in becomeIdle, so the click does not wait for the restore.
      const request = { job: message.type, code: message.code, snippet: message.snippet, settle: false };
      guard.jobStarts();   // what learner code schedules from here on is this job's, stopped at becomeIdle
      const result = guard.parseJson(session.handle_json(guard.toJson(request)));
      postMessage({ type: REPLY[message.type], id: message.id, result });
      setTimeout(() => becomeIdle(message.id), 0);
    }
  } catch (error) {
    // A boot that failed may succeed later (a download the network dropped), unless the
    // failure is lasting: the page then tries again when the network is back (runtime_boot.mjs).
    const retry = (message.type === "init" || message.type === "problem") && !(error && error.lasting);
    postMessage({ type: "fatal", id: message.id ?? null, message: String((error && error.message) || error), retry });
  }
});
