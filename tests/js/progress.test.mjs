// Unit tests of the progress file (web/static/progress.mjs) on literal storage contents.
// The round trip through the index page's buttons is tested in tests/browser/test_progress_file.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyPlan, exportProgress, planImport, ProgressError } from "../../web/static/progress.mjs";

class MemoryStorage {
  // `full`: the key whose write the browser refuses, as a full quota would.
  constructor(items = {}, { full = null } = {}) { this.items = { ...items }; this.full = full; }
  getItem(key) { return key in this.items ? this.items[key] : null; }
  setItem(key, value) {
    if (key === this.full) throw new Error("QuotaExceededError");
    this.items[key] = String(value);
  }
  removeItem(key) { delete this.items[key]; }
}

const SLUGS = ["gaussian_nll", "vae_elbo_loss"];
const NOW = new Date("2026-12-03T09:00:00Z");

test("export carries every stored field of the site's problems, and nothing of others", () => {
  const storage = new MemoryStorage({
    "exercise:gaussian_nll:code": "def f(): pass\n", "exercise:gaussian_nll:solved": "1",
    "exercise:gaussian_nll:hints": "2", "exercise:other_course:code": "x = 1",
  });
  assert.deepEqual(exportProgress(storage, SLUGS, "ML exercises", NOW), {
    format: "exercisekit-progress", version: 2, site: "ML exercises", exported_at: "2026-12-03T09:00:00.000Z",
    problems: { gaussian_nll: { code: "def f(): pass\n", hints: "2", solved: "1" } },
  });
});

test("a plan lists what would change and writes nothing", () => {
  const source = new MemoryStorage({ "exercise:vae_elbo_loss:code": "new", "exercise:vae_elbo_loss:code-at": "1764000000000",
                                     "exercise:vae_elbo_loss:solved": "1", "exercise:gaussian_nll:code": "same" });
  const text = JSON.stringify(exportProgress(source, SLUGS, "ML exercises", NOW));
  const here = new MemoryStorage({ "exercise:vae_elbo_loss:code": "old", "exercise:vae_elbo_loss:code-at": "1763000000000",
                                   "exercise:gaussian_nll:code": "same" });
  const plan = planImport(text, here, SLUGS);
  assert.deepEqual(plan.changes, [{ slug: "vae_elbo_loss", fields: ["code", "solved mark"] }]);
  assert.deepEqual(plan.ignored, []);
  assert.equal(here.getItem("exercise:vae_elbo_loss:code"), "old");
  assert.equal(applyPlan(plan, here), true);
  assert.equal(here.getItem("exercise:vae_elbo_loss:code"), "new");
  assert.equal(here.getItem("exercise:vae_elbo_loss:solved"), "1");
});

test("problems the site does not have are named as ignored", () => {
  const text = JSON.stringify({ format: "exercisekit-progress", version: 1, site: "x", exported_at: "",
                                problems: { gaussian_nll: { code: "a" }, retired_problem: { code: "b" } } });
  const plan = planImport(text, new MemoryStorage(), SLUGS);
  assert.deepEqual(plan.ignored, ["retired_problem"]);
  assert.deepEqual(plan.changes, [{ slug: "gaussian_nll", fields: ["code"] }]);
});

for (const [why, text, message] of [
  ["not JSON", "{oops", /not JSON/],
  ["another format", JSON.stringify({ format: "something-else", problems: {} }), /not a progress file/],
  ["a newer version", JSON.stringify({ format: "exercisekit-progress", version: 3, problems: {} }), /version 3/],
  ["problems not an object", JSON.stringify({ format: "exercisekit-progress", version: 1, problems: [] }), /damaged/],
  ["a field of the wrong type", JSON.stringify({ format: "exercisekit-progress", version: 1,
                                                 problems: { gaussian_nll: { code: 3 } } }), /damaged at problem “gaussian_nll”/],
  ["an unknown field", JSON.stringify({ format: "exercisekit-progress", version: 1,
                                        problems: { gaussian_nll: { password: "x" } } }), /damaged/],
  ["another course", JSON.stringify({ format: "exercisekit-progress", version: 1,
                                      problems: { sorting_101: { code: "x" } } }), /another course/],
]) {
  test(`refused with a clear message: ${why}`, () => {
    const here = new MemoryStorage({ "exercise:gaussian_nll:code": "mine" });
    assert.throws(() => planImport(text, here, SLUGS), (error) => error instanceof ProgressError && message.test(error.message));
    assert.deepEqual(here.items, { "exercise:gaussian_nll:code": "mine" });
  });
}

test("a refused write puts back what was already written", () => {
  const text = JSON.stringify({ format: "exercisekit-progress", version: 1, site: "x", exported_at: "",
                                problems: { gaussian_nll: { code: "theirs", hints: "3" } } });
  const here = new MemoryStorage({ "exercise:gaussian_nll:code": "mine" }, { full: "exercise:gaussian_nll:hints" });
  assert.equal(applyPlan(planImport(text, here, SLUGS), here), false);
  assert.deepEqual(here.items, { "exercise:gaussian_nll:code": "mine" });
});

test("where reading localStorage throws, pages get an empty storage that refuses writes", async () => {
  const { browserStorage } = await import("../../web/static/storage_keys.mjs");
  const blockedWindow = { get localStorage() { throw new Error("SecurityError: access is denied"); } };
  const storage = browserStorage(blockedWindow);
  assert.equal(storage.getItem("exercise:vae_elbo_loss:code"), null);
  assert.throws(() => storage.setItem("exercise:vae_elbo_loss:code", "x = 1"));
  const file = exportProgress(new MemoryStorage({ "exercise:vae_elbo_loss:solved": "1" }), SLUGS, "s", NOW);
  const plan = planImport(JSON.stringify(file), storage, SLUGS);
  assert.equal(plan.changes.length, 1);
  assert.equal(applyPlan(plan, storage), false);
  const working = new MemoryStorage();
  assert.equal(browserStorage({ localStorage: working }), working);
});
