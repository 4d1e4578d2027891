// Unit tests of the LMS reporting's pure parts, on literal inputs: `node --test tests/js/`.
// The whole conversation with a real SCORM runtime is tested in tests/browser/test_scorm_runtime.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DIALECTS, findApi, findLms, isoDuration, packCode, scoreOf, sessionTime, statusAfter, unpackCode,
} from "../../web/static/lms.mjs";

test("session time is SCORM 1.2's HHHH:MM:SS.SS", () => {
  assert.equal(sessionTime(0), "0000:00:00.00");
  assert.equal(sessionTime(3_723_450), "0001:02:03.45");
  assert.equal(sessionTime(100 * 3_600_000 + 59_990), "0100:00:59.99");
  assert.equal(sessionTime(59_999), "0000:01:00.00");   // rounded to hundredths, carried
});

test("the score is passed/total in percent, rounded, 0 for an empty run", () => {
  assert.equal(scoreOf({ passed: 2, total: 3 }), 67);
  assert.equal(scoreOf({ passed: 5, total: 5 }), 100);
  assert.equal(scoreOf({ passed: 0, total: 0 }), 0);
});

test("passed once solved, and never back", () => {
  assert.equal(statusAfter("incomplete", false), "failed");
  assert.equal(statusAfter("failed", true), "passed");
  assert.equal(statusAfter("passed", false), "passed");
});

test("code survives packing, and typical code fits in 4,096 characters", async () => {
  const code = "import numpy as np\n\n" + Array.from({ length: 120 }, (_, i) =>
    `def f${i}(x):\n    return np.sum(x * ${i}) # é ✓\n`).join("");
  const packed = await packCode(code);
  assert.ok(packed.length < 4096 && packed.length < code.length / 3, `${packed.length} of ${code.length}`);
  assert.equal(await unpackCode(packed), code);
  assert.equal(await unpackCode("someone else's data"), null);
  assert.equal(await unpackCode("z1:not base64!"), null);
});

test("the API is found on a parent frame or on the opener's frames, never across origins", () => {
  const api = { LMSInitialize() {} };
  const top = { API: api };
  top.parent = top;
  const middle = { parent: top };
  const page = { parent: middle, top };
  assert.equal(findApi(page), api);
  const openerTop = { API: api };
  openerTop.parent = openerTop;
  const popupTop = { opener: openerTop };
  popupTop.parent = popupTop;
  popupTop.top = popupTop;
  assert.equal(findApi(popupTop), api);
  const foreign = { get API() { throw new Error("SecurityError"); } };
  foreign.parent = foreign;
  const inside = { parent: foreign, top: foreign };
  assert.equal(findApi(inside), null);
});

test("session time is SCORM 2004's ISO 8601 duration", () => {
  assert.equal(isoDuration(0), "PT0S");
  assert.equal(isoDuration(3_723_450), "PT1H2M3.45S");
  assert.equal(isoDuration(59_999), "PT1M0S");      // rounded to hundredths, carried
  assert.equal(isoDuration(1_500), "PT1.5S");
});

test("a 2004 API is preferred to a 1.2 one; each is found with its dialect", () => {
  const api12 = { LMSInitialize() {} };
  const api2004 = { Initialize() {} };
  const both = { API: api12, API_1484_11: api2004 };
  both.parent = both;
  both.top = both;
  assert.deepEqual(findLms(both), { api: api2004, dialect: DIALECTS["2004"] });
  const old = { API: api12 };
  old.parent = old;
  old.top = old;
  assert.deepEqual(findLms(old), { api: api12, dialect: DIALECTS["1.2"] });
  const none = { API_1484_11: { LMSInitialize() {} } };   // not a 2004 API: no Initialize
  none.parent = none;
  none.top = none;
  assert.equal(findLms(none), null);
});

test("a run's fields: 2004 records success and completion apart, and a scaled score", () => {
  assert.deepEqual(Object.fromEntries(DIALECTS["2004"].runFields(67, "failed")), {
    "cmi.score.min": 0, "cmi.score.max": 100, "cmi.score.raw": 67, "cmi.score.scaled": 0.67,
    "cmi.success_status": "failed", "cmi.completion_status": "incomplete",
  });
  assert.equal(Object.fromEntries(DIALECTS["2004"].runFields(100, "passed"))["cmi.completion_status"], "completed");
  assert.deepEqual(Object.fromEntries(DIALECTS["1.2"].runFields(100, "passed")), {
    "cmi.core.score.min": 0, "cmi.core.score.max": 100, "cmi.core.score.raw": 100, "cmi.core.lesson_status": "passed",
  });
});
