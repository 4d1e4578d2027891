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

const CODE_NOT_SAVED = "Your code could not be saved in this browser (its storage is full or blocked): " +
                       "copy it somewhere before you close the page.";
const SOLVED_NOT_SAVED = "Solved, but this browser could not keep the mark (its storage is full or blocked): " +
                         "the problem will not show as solved after you leave.";

/** Show the solved mark; a run that solves the problem sets it for good. A mark the browser
 *  refuses to keep is shown for now and said in the save-error banner, never lost unsaid. */
export function markSolved(store, result, expected) {
  const solvedNow = Boolean(result && isSolved(result, expected));
  const kept = solvedNow ? store.set("solved", "1") && store.get("solved") === "1" : true;
  $("solved").hidden = !solvedNow && store.get("solved") !== "1";
  if (!kept) {
    const banner = $("save-error");
    banner.textContent = SOLVED_NOT_SAVED;
    banner.dataset.what = "solved";
    banner.hidden = false;
  }
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

/** The code this browser saved, {code, at} (`at`: when it last changed, or null), or null. */
export function savedCopy(store) {
  const code = store.get("code");
  return code === null ? null : { code, at: Number(store.get("code-at")) || null };
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
    const code = editor.getCode();
    const changed = store.get("code") !== code;
    const ok = store.set("code", code);
    // When the code last changed: an LMS relaunch keeps the newer of this copy and the course's.
    if (ok && changed) store.set("code-at", String(Date.now()));
    // The banner says what was lost: the code, or (markSolved) the solved mark.
    if (!ok) {
      failed.textContent = CODE_NOT_SAVED;
      failed.dataset.what = "code";
    }
    if (!ok || failed.dataset.what !== "solved") failed.hidden = ok;
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
