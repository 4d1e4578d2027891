// Every boot ends (issue 29, point 3): the retry timing of web/static/runtime_boot.mjs and
// the client's handling of a boot that stalls or fails for a while (runtime_client.mjs),
// with fake workers and a fake network. The browser leg: a no-cache host going offline
// while a spare boots, in tests/browser/test_nothing_outlives_a_run.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BootRetry, retryDelay, retryText, stalledText } from "../../web/static/runtime_boot.mjs";
import { RuntimeClient } from "../../web/static/runtime_client.mjs";

class FakeWorker {
  constructor() { this.posted = []; this.terminated = false; }
  postMessage(message) { this.posted.push(message); }
  terminate() { this.terminated = true; }
  send(data) { this.onmessage({ data }); }
  boot() { this.send({ type: "ready" }); this.send({ type: "idle", id: 0, tainted: false }); }
}

class FakeNetwork {
  constructor() { this.callbacks = []; }
  whenOnline(callback) { this.callbacks.push(callback); }
  comeBack() { for (const callback of this.callbacks.splice(0)) callback(); }
}

function client(options = {}) {
  const workers = [];
  const statuses = [];
  const network = new FakeNetwork();
  const runtime = new RuntimeClient({
    startWorker: () => { workers.push(new FakeWorker()); return workers.at(-1); }, timeLimit: 5, network,
    stopped: (kind, message) => ({ rows: [], passed: 0, total: 1, stop: { kind, message } }), ...options,
  });
  runtime.on("status", (state, text) => statuses.push([state, text]));
  runtime.start();
  return { runtime, workers, statuses, network };
}

const runResult = { rows: [], passed: 1, total: 1, stop: null, stdout: "", duration_ms: 1, diagnosis: null, tainted: false };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("retries back off from 5 s to once a minute", () => {
  assert.deepEqual([1, 2, 3, 4, 5, 9].map(retryDelay), [5, 10, 20, 40, 60, 60]);
  assert.match(stalledText(180), /did not finish loading within 180 s/);
  assert.equal(retryText("offline", 5), "Could not start Python: offline. Trying again when the network is back (or in 5 s).");
});

test("a retry fires once, at the network's return or the delay, whichever is first", async () => {
  const network = new FakeNetwork();
  const retry = new BootRetry(network);
  let fired = 0;
  assert.equal(retry.schedule(() => { fired += 1; }), 5);
  assert.equal(retry.waiting, true);
  network.comeBack();
  network.comeBack();
  assert.equal(fired, 1);
  assert.equal(retry.waiting, false);
  assert.equal(retry.schedule(() => {}), 10);   // the next one waits longer...
  retry.reset();
  assert.equal(retry.schedule(() => {}), 5);    // ...until a boot succeeds
  retry.reset();
});

test("a boot that fails while offline says why, answers the waiting run, and retries when the network is back", async () => {
  const { runtime, workers, statuses, network } = client();
  const run = runtime.run("x = 1");
  workers[0].send({ type: "fatal", id: null, message: "could not load pyodide.asm.wasm (Failed to fetch)", retry: true });
  const stopped = await run;
  assert.equal(stopped.stop.kind, "startup_failure");
  assert.match(stopped.stop.message, /Failed to fetch\)\. Trying again when the network is back/);
  assert.equal(statuses.at(-1)[0], "error");
  assert.equal(workers[0].terminated, true);
  assert.equal(workers.length, 1);              // nothing started while offline
  const later = runtime.run("x = 2");           // asked meanwhile: waits for the retry
  assert.equal(workers.length, 1);
  assert.match(statuses.at(-1)[1], /Trying again when the network is back/);   // still says why
  network.comeBack();
  assert.equal(workers.length, 2);
  workers[1].boot();
  assert.deepEqual(workers[1].posted.map((m) => m.code), ["x = 2"]);
  workers[1].send({ type: "result", id: workers[1].posted[0].id, result: { ...runResult } });
  assert.equal((await later).passed, 1);
  assert.equal(runtime.startFailed, null);
});

test("a spare after a run that cannot boot (no-cache host offline) does not end later runs", async () => {
  const { runtime, workers, network } = client();
  workers[0].boot();
  const first = runtime.run("a");
  workers[0].send({ type: "result", id: workers[0].posted[0].id, result: { ...runResult } });
  assert.equal((await first).passed, 1);
  workers[1].send({ type: "fatal", id: null, message: "Failed to fetch", retry: true });
  network.comeBack();
  workers[2].boot();
  const second = runtime.run("b");
  workers[2].send({ type: "result", id: workers[2].posted[0].id, result: { ...runResult } });
  assert.equal((await second).passed, 1);
});

test("a boot that goes silent past its bound is stopped, said, and retried", async () => {
  const { runtime, workers, statuses, network } = client({ bootSilence: 0.05 });
  workers[0].send({ type: "status", step: "python", text: "Starting Python…" });
  await sleep(30);
  workers[0].send({ type: "progress", value: 0.5 });   // a word: the bound counts again
  await sleep(30);
  assert.equal(workers[0].terminated, false);
  await sleep(60);
  assert.equal(workers[0].terminated, true);
  assert.match(statuses.at(-1)[1], /^Could not start Python: Python did not finish loading within 0.05 s/);
  network.comeBack();
  workers[1].boot();
  await sleep(80);                                      // booted: no bound any more
  assert.equal(workers[1].terminated, false);
  assert.equal(runtime.ready, true);
  runtime.drop(runtime.spare);
});

test("a lasting failure (another build's files) is not retried", async () => {
  const { runtime, workers, network } = client();
  workers[0].send({ type: "fatal", id: null, message: "reload the page to get the new version", retry: false });
  network.comeBack();
  assert.equal(workers.length, 1);
  assert.equal((await runtime.run("a")).stop.kind, "startup_failure");
  assert.match(runtime.startFailed, /Reload the page/);
});

test("a booted spare given another problem is bounded again while it prepares it", async () => {
  const { runtime, workers, statuses, network } = client({ bootSilence: 0.05 });
  workers[0].boot();
  runtime.switchProblem(runtime.startWorker, { dataUrl: "u", dataSha256: "s" });
  await sleep(120);
  assert.equal(workers[0].terminated, true);
  assert.match(statuses.at(-1)[1], /did not finish loading/);
  network.comeBack();
  workers[1].boot();
  runtime.drop(runtime.spare);
});
