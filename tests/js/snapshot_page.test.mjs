// Unit tests of the page's spare snapshots (web/static/snapshot_page.mjs) over literal
// stand-in workers: which worker a snapshot is taken from, when a spare restores, how many
// workers live, and the fallback to a normal boot. `node --test tests/js/`. The mechanism
// itself is proved in tests/legs/test_snapshot_spare.py (Node) and
// tests/browser/test_spare_snapshot.py (Chromium).
import { test } from "node:test";
import assert from "node:assert/strict";
import { OFF_REASONS, SnapshotSpares } from "../../web/static/snapshot_page.mjs";
import { SNAPSHOT_FORMAT } from "../../web/static/snapshot_spare.mjs";

const CONFIG = { slug: "a", runtime: { packageWheels: [] } };
const SNAPSHOT = { format: SNAPSHOT_FORMAT, memory: new Uint8Array(128).fill(7), handles: [[16, "/lib/x.so"]],
                   files: [{ path: "/lib/x.so", bytes: new Uint8Array(4) }], libraries: ["/lib/x.so"] };
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function spares(options = {}) {
  const started = [];
  const live = () => started.filter((worker) => !worker.terminated).length;
  const start = (config, extra) => {
    const worker = { config, extra, posted: [], terminated: false, onmessage: null, onerror: null,
                     postMessage(message) { this.posted.push(message); },
                     terminate() { this.terminated = true; } };
    started.push(worker);
    return worker;
  };
  return { started, live, spares: new SnapshotSpares({ start, config: CONFIG, ...options }) };
}

test("only the maker's snapshot is taken, once; the maker is then terminated", async () => {
  const { started, spares: page } = spares();
  page.make();
  page.make();   // one maker at a time
  const maker = started[0];
  assert.equal(started.length, 1);
  assert.deepEqual(maker.extra, { role: "maker" });
  maker.onmessage({ data: { type: "status", text: "Starting Python…" } });
  maker.onmessage({ data: { type: "snapshot", snapshot: SNAPSHOT } });
  assert.equal(page.report().state, "ready");
  assert.ok(maker.terminated);
  maker.onmessage({ data: { type: "snapshot", snapshot: { ...SNAPSHOT, memory: new Uint8Array(8) } } });
  const spare = page.startWorker();
  await tick();
  const restoring = started.at(-1);
  assert.equal(restoring.extra.snapshot, SNAPSHOT, "later spares start from the first snapshot");
  const seen = [];
  spare.onmessage = (event) => seen.push(event.data.type);
  restoring.onmessage({ data: { type: "ready" } });
  assert.deepEqual([seen, page.report().restored], [["ready"], 1]);
});

test("a spare asked for while the maker works waits for it, hears its steps, and two workers live at most", async () => {
  const { started, live, spares: page } = spares();
  page.make();                      // beside the first spare: two Pythons
  const spare = page.startWorker(); // the first spare ran; the used one and the maker remain
  assert.equal(started.length, 1, "no third worker: the spare waits for the maker");
  const seen = [];
  spare.onmessage = (event) => seen.push(event.data);
  started[0].onmessage({ data: { type: "status", step: "python", text: "Starting Python…" } });
  started[0].onmessage({ data: { type: "ready" } });   // not a maker's word to pass on
  started[0].onmessage({ data: { type: "snapshot", snapshot: SNAPSHOT } });
  await tick();
  assert.equal(live(), 1);
  assert.ok(started[1].extra.snapshot);
  assert.deepEqual(seen, [{ type: "status", step: "python", text: "Starting Python…" }]);
});

test("a malformed snapshot or a failed maker leaves spares to boot normally", async () => {
  for (const answer of [{ type: "snapshot", snapshot: { format: SNAPSHOT_FORMAT, memory: [1, 2] } },
                        { type: "fatal", message: "no network" }]) {
    const { started, spares: page } = spares();
    page.make();
    const spare = page.startWorker();
    started[0].onmessage({ data: answer });
    assert.equal(page.report().state, "failed");
    assert.ok(started[0].terminated);
    await tick();
    assert.deepEqual(started[1].extra, {}, "the waiting spare boots normally");
    spare.postMessage({ type: "run", id: 3 });
    assert.deepEqual(started[1].posted, [{ type: "run", id: 3 }]);
    page.startWorker();
    assert.deepEqual(started.at(-1).extra, {});
  }
});

test("a restore that fails becomes a normal boot behind the same worker, and the snapshot goes", async () => {
  const { started, live, spares: page } = spares({ mode: "corrupt" });
  page.make();
  started[0].onmessage({ data: { type: "snapshot", snapshot: SNAPSHOT } });
  const seen = [];
  const spare = page.startWorker();
  spare.onmessage = (event) => seen.push(event.data);
  await tick();
  const restoring = started.at(-1);
  assert.deepEqual(Array.from(restoring.extra.snapshot.memory.subarray(0, 64)), new Array(64).fill(0),
                   "the test hook corrupts the header of the copy it sends");
  assert.equal(SNAPSHOT.memory[0], 7, "and not the page's own snapshot");
  restoring.onmessage({ data: { type: "restore-failed", message: "Snapshot has invalid magic number" } });
  assert.ok(restoring.terminated);
  const booting = started.at(-1);
  assert.deepEqual([booting.extra, live()], [{}, 1]);
  restoring.onmessage({ data: { type: "ready" } });   // the failed worker's last words count for nothing
  booting.onmessage({ data: { type: "ready" } });
  assert.deepEqual(seen, [{ type: "ready" }]);
  spare.postMessage({ type: "run", id: 1 });
  assert.deepEqual(booting.posted, [{ type: "run", id: 1 }]);
  assert.deepEqual(page.report(), { state: "off", restored: 0, fellBack: 1, makers: 1, boots: 1,
                                    reason: "a restore failed (Snapshot has invalid magic number): later spares boot normally" });
  page.startWorker();
  assert.deepEqual(started.at(-1).extra, {});
});

test("a spare let go while it waits takes the maker with it", () => {
  const { started, live, spares: page } = spares();
  page.make();
  page.startWorker().terminate();
  assert.equal(live(), 0);
  assert.equal(page.report().state, "waiting");
  started[0].onmessage({ data: { type: "snapshot", snapshot: SNAPSHOT } });
  assert.equal(page.report().state, "waiting", "a let-go maker's snapshot is not taken");
});

test("no maker when turned off, with one worker, or for other packages; a swap drops the snapshot", () => {
  assert.equal(spares({ mode: "off" }).spares.report().reason, OFF_REASONS.parameter);
  assert.equal(spares({ workers: 1 }).spares.report().reason, OFF_REASONS.oneWorker);
  const { started, spares: page } = spares();
  page.make();
  started[0].onmessage({ data: { type: "snapshot", snapshot: SNAPSHOT } });
  const other = { slug: "b", runtime: { packageWheels: ["scipy.zip"] } };
  page.startWorker(other);
  assert.deepEqual(started.at(-1).extra, {}, "another problem's spare never gets this one's snapshot");
  page.switchProblem(other);
  assert.equal(page.report().reason, OFF_REASONS.packages);
  page.make();
  assert.equal(started.length, 2, "no maker for a problem with scipy");
  page.switchProblem(CONFIG);
  assert.equal(page.report().state, "waiting");
  page.make();
  assert.deepEqual(started.at(-1).extra, { role: "maker" });
});

test("a swap while a spare waits for the maker: the spare still restores from it, the new problem gets its own", async () => {
  const { started, live, spares: page } = spares();
  page.make();
  page.startWorker();
  page.switchProblem({ slug: "b", runtime: { packageWheels: [] } });
  assert.equal(page.report().state, "waiting");
  started[0].onmessage({ data: { type: "snapshot", snapshot: SNAPSHOT } });
  await tick();
  assert.ok(started[0].terminated);
  assert.deepEqual([started[1].extra.snapshot, started[1].config.slug, live()], [SNAPSHOT, "a", 1]);
  assert.equal(page.report().state, "waiting", "the old problem's snapshot is not kept for the new one");
  page.make();
  assert.deepEqual([started[2].extra, started[2].config.slug], [{ role: "maker" }, "b"]);
  assert.equal(page.report().boots, 0);
});

test("a swap with no spare waiting ends the maker", () => {
  const { started, spares: page } = spares();
  page.make();
  page.switchProblem({ slug: "b", runtime: { packageWheels: [] } });
  assert.ok(started[0].terminated);
});
