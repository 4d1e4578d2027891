// What the page keeps in the browser for one problem: the code (saved on every pause in
// typing, guarded against a second tab), the last run's result, the solved mark, and the
// hint count and snippet that the panels keep through `store`.
import { isRunResult } from "./contract.mjs";
import { isSolved } from "./verdict.mjs";
import { byTestId as $ } from "./dom.mjs";
import { browserStorage, storageKey } from "./storage_keys.mjs";

/**
 * localStorage under `exercise:SLUG:WHAT` (storage_keys.mjs). It may be unavailable (privacy modes) or full;
 * the page works without it and says so when the learner's code could not be saved.
 */
export function createStore(slug) {
  const key = (what) => storageKey(slug, what);
  const localStorage = browserStorage();
  return {
    key,
    get(what) { try { return localStorage.getItem(key(what)); } catch { return null; } },
    set(what, value) {
      try { localStorage.setItem(key(what), value); return true; } catch { return false; }
    },
    remove(what) { try { localStorage.removeItem(key(what)); } catch { /* nothing */ } },
  };
}

/** Show the solved mark; a run that solves the problem sets it for good. */
export function markSolved(store, result, expected) {
  if (result && isSolved(result, expected)) store.set("solved", "1");
  $("solved").hidden = store.get("solved") !== "1";
}

/** Keep the last run's result with the code it ran (not after a timeout or a crash). */
export function saveLastRun(store, code, result) {
  store.set("last-run", JSON.stringify({ code, result, at: Date.now() }));
}

/** The saved last run, {code, result, when}, or null when there is none or it is malformed. */
export function lastRun(store) {
  let saved = null;
  try { saved = JSON.parse(store.get("last-run") || "null"); } catch { return null; }
  if (!saved || typeof saved.code !== "string" || !isRunResult(saved.result)) return null;
  return { code: saved.code, result: saved.result, when: new Date(Number(saved.at) || 0).toLocaleString() };
}

/**
 * Save the editor's code on every pause in typing: {save(), later()}. Two tabs of one problem
 * would silently overwrite each other's code: when the other tab saves different code,
 * saving here stops until the learner chooses which code to keep.
 */
export function setUpSaving(editor, store, signal = undefined) {
  let saveTimer = null;
  let conflict = null;          // the other tab's code, while the learner has not chosen
  const failed = $("save-error");
  const save = () => {
    clearTimeout(saveTimer);
    if (conflict !== null) return;
    const ok = store.set("code", editor.getCode());
    failed.hidden = ok;
  };
  const banner = $("conflict");
  addEventListener("storage", (event) => {
    if (event.key !== store.key("code") || event.newValue === null || event.newValue === editor.getCode()) return;
    conflict = event.newValue;
    banner.hidden = false;
  }, { signal });
  $("conflict-load").addEventListener("click", () => {
    const theirs = conflict;
    conflict = null;
    banner.hidden = true;
    editor.setCode(theirs);
    save();
  });
  $("conflict-keep").addEventListener("click", () => {
    conflict = null;
    banner.hidden = true;
    save();
  });
  addEventListener("pagehide", save, { signal });
  addEventListener("beforeunload", save, { signal });
  return { save, later: () => { clearTimeout(saveTimer); saveTimer = setTimeout(save, 300); } };
}
