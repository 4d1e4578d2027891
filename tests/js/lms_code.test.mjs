// Which code wins on an LMS relaunch, and the stamped suspend_data (web/static/lms_code.mjs).
// The page leg, a real SCORM 1.2 runtime in Chromium, is in tests/browser/test_scorm_runtime.py
// and test_nothing_outlives_a_run.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseCode, packCode, packPlain, unpackCode, unpackSaved } from "../../web/static/lms_code.mjs";

const AT = Date.UTC(2026, 11, 7, 8, 0, 0);

test("a stamped copy comes back with its code and its stamp, compressed or plain", async () => {
  const code = "def f(x):\n    return x  # é ✓ : colons too\n";
  assert.deepEqual(await unpackSaved(await packCode(code, AT)), { code, at: AT });
  assert.deepEqual(await unpackSaved(packPlain(code, AT)), { code, at: AT });
  assert.equal(await unpackCode(await packCode(code, AT)), code);
  assert.ok(packPlain(code, AT).length < code.length + 16);   // the stamp costs a few characters of 4,096
});

test("copies saved before stamps still come back, unstamped", async () => {
  const old = "z1:" + Buffer.from(await new Response(new Blob(["x = 1"]).stream()
    .pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer()).toString("base64");
  assert.deepEqual(await unpackSaved(old), { code: "x = 1", at: null });
  assert.deepEqual(await unpackSaved("t1:y = 2"), { code: "y = 2", at: null });
  assert.equal(await unpackSaved("someone else's data"), null);
  assert.equal(await unpackSaved("z2:nostamp"), null);
  assert.equal(await unpackSaved("z2:abc:not base64!"), null);
  assert.equal(await unpackSaved(""), null);
});

test("the newer copy wins; equal code needs nothing; no stamp or a tie asks", () => {
  const browser = { code: "browser's", at: AT };
  assert.equal(chooseCode(browser, { code: "course's", at: AT + 1 }), "lms");
  assert.equal(chooseCode(browser, { code: "course's", at: AT - 1 }), "browser");
  assert.equal(chooseCode(browser, { code: "browser's", at: AT - 5 }), "same");
  assert.equal(chooseCode(browser, { code: "course's", at: null }), "ask");
  assert.equal(chooseCode({ code: "browser's", at: null }, { code: "course's", at: AT }), "ask");
  assert.equal(chooseCode(browser, { code: "course's", at: AT }), "ask");
  assert.equal(chooseCode(null, { code: "course's", at: AT }), "lms");     // nothing saved here
  assert.equal(chooseCode(browser, null), "browser");                      // nothing in the course
});

test("code too long for the course keeps the browser's copy: the course's stays older", async () => {
  // What happened: the course holds the short code from 08:00; the learner wrote 6 KB at
  // 08:10, which suspend_data (4,096 characters) could not take; relaunch.
  const long = Array.from({ length: 300 }, (_, i) => `w${i} = ${Math.sin(i)}  # ${"x".repeat(i % 7)}`).join("\n");
  assert.ok((await packCode(long, AT + 600_000)).length > 4096);
  const course = await unpackSaved(await packCode("short = 1", AT));
  assert.equal(chooseCode({ code: long, at: AT + 600_000 }, course), "browser");
});
