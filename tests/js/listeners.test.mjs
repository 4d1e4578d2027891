// Unit tests of the listener registry (web/static/listeners.mjs): `node --test tests/js/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Listeners } from "../../web/static/listeners.mjs";

test("listeners hear their event, in the order added, until their signal aborts", () => {
  const listeners = new Listeners(["status", "ready"]);
  const heard = [];
  const scope = new AbortController();
  listeners.add("status", (state, text) => heard.push(["first", state, text]));
  listeners.add("status", (state) => heard.push(["second", state]), scope.signal);
  listeners.add("ready", () => heard.push(["ready"]));
  listeners.emit("status", "loading", "Loading Python…");
  scope.abort();
  listeners.emit("status", "ready", "Ready");
  assert.deepEqual(heard, [["first", "loading", "Loading Python…"], ["second", "loading"], ["first", "ready", "Ready"]]);
});

test("an event not named at the start cannot be listened to", () => {
  assert.throws(() => new Listeners(["status"]).add("nope", () => {}), TypeError);
});
