// Unit tests of the status while a Python loads (web/static/runtime_loading.mjs), on
// literal client states: `node --test tests/js/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadingIsNews, loadingStatus } from "../../web/static/runtime_loading.mjs";

const state = (fields = {}) => ({ startFailed: false, spare: { booted: false }, loadingText: "Loading numpy…",
                                  everReady: false, restartReason: null, ...fields });
const RUN = [{ kind: "run" }];
const TRY = [{ kind: "try" }];

test("the first Python's steps are news; later ones only for a restart or a waiting run", () => {
  assert.equal(loadingIsNews(state(), []), true);
  assert.equal(loadingIsNews(state({ everReady: true }), []), false);
  assert.equal(loadingIsNews(state({ everReady: true }), TRY), false);
  assert.equal(loadingIsNews(state({ everReady: true }), RUN), true);
  assert.equal(loadingIsNews(state({ everReady: true, restartReason: { state: "error", text: "x" } }), []), true);
});

test("the first Python says each step, and that a job asked for waits", () => {
  assert.deepEqual(loadingStatus(state(), []), ["loading", "Loading numpy…"]);
  assert.deepEqual(loadingStatus(state(), TRY), ["loading", "Loading numpy… — your run starts when Python is ready"]);
});

test("a restart says why, in the state of the reason", () => {
  const restartReason = { state: "timeout", text: "Stopped after 5 s." };
  assert.deepEqual(loadingStatus(state({ everReady: true, restartReason }), []),
                   ["timeout", "Stopped after 5 s. Restarting: Loading numpy…"]);
  assert.deepEqual(loadingStatus(state({ everReady: true, restartReason }), RUN),
                   ["timeout", "Stopped after 5 s. Restarting: Loading numpy… — your run starts when Python is ready"]);
});

test("once ready, a spare loading in the background is said only when a run waits for it", () => {
  assert.equal(loadingStatus(state({ everReady: true }), []), null);
  assert.equal(loadingStatus(state({ everReady: true }), TRY), null);
  assert.deepEqual(loadingStatus(state({ everReady: true }), RUN),
                   ["loading", "Preparing a fresh Python for your run: Loading numpy…"]);
  assert.deepEqual(loadingStatus(state({ everReady: true, spare: null }), RUN),
                   ["loading", "Preparing a fresh Python for your run: Loading numpy…"]);
});

test("nothing is said over a failed start or a booted spare", () => {
  assert.equal(loadingStatus(state({ startFailed: "Could not start Python" }), RUN), null);
  assert.equal(loadingStatus(state({ spare: { booted: true } }), RUN), null);
});
