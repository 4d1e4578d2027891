// The progress file carries the code's stamp (web/static/progress.mjs `code_at`, the
// problem page's `code-at`), and loading a file keeps whichever copy of the code is newer,
// as a relaunch from an LMS does (lms_code.mjs chooseCode). The file is untrusted: a bad
// stamp is refused, one from the future is not believed. The page's round trip is
// tests/browser/test_progress_file.py's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CODE_OF_UNKNOWN_AGE, applyPlan, exportProgress, planImport, ProgressError } from "../../web/static/progress.mjs";

class MemoryStorage {
  constructor(items = {}) { this.items = { ...items }; }
  getItem(key) { return key in this.items ? this.items[key] : null; }
  setItem(key, value) { this.items[key] = String(value); }
  removeItem(key) { delete this.items[key]; }
}

const SLUGS = ["gaussian_nll", "vae_elbo_loss"];
const NOW = new Date("2026-12-07T11:00:00Z");
const EARLIER = String(NOW.getTime() - 3_600_000);
const LATER = String(NOW.getTime() - 60_000);
const CODE = "exercise:vae_elbo_loss:code";
const CODE_AT = "exercise:vae_elbo_loss:code-at";

/** A file whose vae_elbo_loss entry is `entry`. */
const file = (entry, version = 2) => JSON.stringify({ format: "exercisekit-progress", version, site: "s",
                                                      exported_at: NOW.toISOString(), problems: { vae_elbo_loss: entry } });

test("the exported file carries the code's stamp beside the code, and only a real stamp", () => {
  const exported = exportProgress(new MemoryStorage({ [CODE]: "x = 1", [CODE_AT]: LATER,
                                                      "exercise:gaussian_nll:code-at": "1764000000000",
                                                      "exercise:gaussian_nll:hints": "1" }), SLUGS, "s", NOW);
  assert.equal(exported.version, 2);
  assert.deepEqual(exported.problems.vae_elbo_loss, { code: "x = 1", code_at: LATER });
  assert.deepEqual(exported.problems.gaussian_nll, { hints: "1" }, "a stamp without code is not exported");
  const garbled = exportProgress(new MemoryStorage({ [CODE]: "x = 1", [CODE_AT]: "soon" }), SLUGS, "s", NOW);
  assert.deepEqual(garbled.problems.vae_elbo_loss, { code: "x = 1" });
  // What a browser exports, another loads.
  assert.doesNotThrow(() => planImport(JSON.stringify(exported), new MemoryStorage(), SLUGS, NOW));
});

test("newer code in the file replaces older code here, with its stamp", () => {
  const here = new MemoryStorage({ [CODE]: "mine", [CODE_AT]: EARLIER });
  const plan = planImport(file({ code: "theirs", code_at: LATER }), here, SLUGS, NOW);
  assert.deepEqual(plan.changes, [{ slug: "vae_elbo_loss", fields: ["code"] }]);
  assert.deepEqual(plan.kept, []);
  assert.equal(applyPlan(plan, here), true);
  assert.deepEqual(here.items, { [CODE]: "theirs", [CODE_AT]: LATER });
});

test("newer code here is never replaced by an older file copy; the rest of the file still loads", () => {
  const here = new MemoryStorage({ [CODE]: "mine", [CODE_AT]: LATER });
  const plan = planImport(file({ code: "theirs", code_at: EARLIER, solved: "1" }), here, SLUGS, NOW);
  assert.deepEqual(plan.kept, ["vae_elbo_loss"]);
  assert.deepEqual(plan.changes, [{ slug: "vae_elbo_loss", fields: ["solved mark"] }]);
  applyPlan(plan, here);
  assert.deepEqual(here.items, { [CODE]: "mine", [CODE_AT]: LATER, "exercise:vae_elbo_loss:solved": "1" });
  // Equal code: nothing to do, and nothing kept to speak of.
  const same = planImport(file({ code: "mine", code_at: EARLIER }), here, SLUGS, NOW);
  assert.deepEqual([same.changes, same.kept], [[], []]);
});

test("where neither copy says which is newer the confirmation says so, and an unstamped copy stays unstamped", () => {
  for (const [items, entry, version] of [
    [{ [CODE]: "mine" }, { code: "theirs", code_at: LATER }, 2],     // this browser's code is unstamped
    [{ [CODE]: "mine", [CODE_AT]: LATER }, { code: "theirs" }, 1],    // a file written before stamps
  ]) {
    const here = new MemoryStorage(items);
    const plan = planImport(file(entry, version), here, SLUGS, NOW);
    assert.deepEqual(plan.changes, [{ slug: "vae_elbo_loss", fields: [CODE_OF_UNKNOWN_AGE] }]);
    assert.equal(here.items[CODE], "mine", "nothing is written before the learner confirms");
    applyPlan(plan, here);
    assert.equal(here.items[CODE], "theirs");
    assert.equal(here.items[CODE_AT], entry.code_at, "the old stamp does not pass for the new code's");
  }
});

test("no code here: the file's is taken, with its stamp", () => {
  const here = new MemoryStorage();
  applyPlan(planImport(file({ code: "theirs", code_at: EARLIER }), here, SLUGS, NOW), here);
  assert.deepEqual(here.items, { [CODE]: "theirs", [CODE_AT]: EARLIER });
});

test("a stamp from the future is not believed: that copy counts as unstamped", () => {
  const future = String(NOW.getTime() + 30 * 24 * 3_600_000);
  const here = new MemoryStorage({ [CODE]: "mine", [CODE_AT]: LATER });
  const plan = planImport(file({ code: "forged", code_at: future }), here, SLUGS, NOW);
  assert.deepEqual(plan.changes, [{ slug: "vae_elbo_loss", fields: [CODE_OF_UNKNOWN_AGE] }]);
  applyPlan(plan, here);
  assert.equal(here.items[CODE_AT], undefined, "the forged stamp is not stored");
});

for (const [why, entry] of [
  ["a stamp that is not a number", { code: "x", code_at: "tomorrow" }],
  ["a stamp with a sign", { code: "x", code_at: "-5" }],
  ["a stamp that is a number, not text", { code: "x", code_at: 1764000000000 }],
  ["a stamp without code", { code_at: "1764000000000" }],
  ["a stamp too long to be one", { code: "x", code_at: "1".repeat(40) }],
]) {
  test(`refused as damaged: ${why}`, () => {
    const here = new MemoryStorage({ [CODE]: "mine", [CODE_AT]: EARLIER });
    assert.throws(() => planImport(file(entry), here, SLUGS, NOW),
                  (error) => error instanceof ProgressError && /damaged at problem “vae_elbo_loss”/.test(error.message));
    assert.deepEqual(here.items, { [CODE]: "mine", [CODE_AT]: EARLIER });
  });
}
