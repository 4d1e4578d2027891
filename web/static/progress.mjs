// A learner's progress as one file they can carry to another browser: pure functions over a
// Storage-like object ({getItem, setItem, removeItem}), so Node tests them with literal inputs
// and the index page (index_page.js) only adds the buttons and the confirmation.
// The code carries its stamp (`code_at`: when it last changed, page_storage.mjs `code-at`), and
// a load keeps whichever copy is newer, as a relaunch from an LMS does (lms_code.mjs): a file
// never replaces newer code in this browser, and where neither copy says when it was written
// the confirmation says so before anything is replaced.
import { storageKey } from "./storage_keys.mjs";
import { chooseCode } from "./lms_code.mjs";

export const FORMAT = "exercisekit-progress";
export const VERSION = 2;   // 2: the code's stamp (code_at); a file of version 1 has none
const READABLE = [1, VERSION];
// What a problem page keeps under storageKey(SLUG, KEY) (storage_keys.mjs, page_storage.mjs), by file field.
export const FIELDS = { code: "code", code_at: "code-at", last_run: "last-run", hints: "hints", solved: "solved",
                        try_snippet: "try" };
const FIELD_LABELS = { code: "code", last_run: "last result", hints: "hints shown", solved: "solved mark",
                       try_snippet: "Try-it snippet" };
/** The label of code whose copies cannot be told apart by age. */
export const CODE_OF_UNKNOWN_AGE = "code (neither copy says which is newer)";
// A stamp is ms since 1970, in decimal. One further ahead than this is not believed (a clock
// that is wrong, or a forged file): that copy then counts as unstamped.
const STAMP = /^[1-9][0-9]{0,15}$/;
const AHEAD_MS = 24 * 3600 * 1000;

export class ProgressError extends Error {}

function read(storage, key) {
  try { return storage.getItem(key); } catch { return null; }
}

/** Everything this browser holds for the site's problems, as the object the file carries
 *  (the code's stamp only beside the code, and only when it is one). */
export function exportProgress(storage, slugs, site, now = new Date()) {
  const problems = {};
  for (const slug of slugs) {
    const entry = {};
    for (const [field, key] of Object.entries(FIELDS)) {
      const value = read(storage, storageKey(slug, key));
      if (value !== null) entry[field] = value;
    }
    if (entry.code_at !== undefined && (entry.code === undefined || !STAMP.test(entry.code_at))) delete entry.code_at;
    if (Object.keys(entry).length) problems[slug] = entry;
  }
  return { format: FORMAT, version: VERSION, site, exported_at: now.toISOString(), problems };
}

function parse(text) {
  let data;
  try { data = JSON.parse(text); } catch {
    throw new ProgressError("This file is not a progress file: it is not JSON. Choose the file that "
                            + "“Download my progress” saved.");
  }
  if (data === null || typeof data !== "object" || data.format !== FORMAT) {
    throw new ProgressError("This file is not a progress file of these exercises. Choose the file that "
                            + "“Download my progress” saved.");
  }
  if (!READABLE.includes(data.version)) {
    throw new ProgressError(`This progress file has version ${JSON.stringify(data.version)}; this site `
                            + `reads versions ${READABLE.join(" and ")}. Download it again from the site that wrote it.`);
  }
  if (data.problems === null || typeof data.problems !== "object" || Array.isArray(data.problems)) {
    throw new ProgressError("This progress file is damaged: it lists no problems. Download it again.");
  }
  for (const [slug, entry] of Object.entries(data.problems)) {
    const bad = entry === null || typeof entry !== "object" || Array.isArray(entry)
      || Object.entries(entry).some(([field, value]) => !(field in FIELDS) || typeof value !== "string")
      || (entry.code_at !== undefined && (entry.code === undefined || !STAMP.test(entry.code_at)));
    if (bad) throw new ProgressError(`This progress file is damaged at problem “${slug}”. Download it again.`);
  }
  return data;
}

/** A copy's stamp as a number, or null: none, not a stamp, or further ahead of `now` than a
 *  clock could be. */
function stampOf(text, now) {
  if (typeof text !== "string" || !STAMP.test(text)) return null;
  const at = Number(text);
  return Number.isSafeInteger(at) && at <= now.getTime() + AHEAD_MS ? at : null;
}

/** What loading `text` would change here, before anything is written: `{changes: [{slug,
 * fields: [label...]}], kept: [slug...], ignored: [slug...], entries}`. `kept`: problems whose
 * code here is newer than the file's, left as it is. `entries`: [slug, {field: value, or null
 * to remove}], what applyPlan writes. Throws ProgressError for a malformed file or one of
 * another course (none of its problems is on this site). */
export function planImport(text, storage, slugs, now = new Date()) {
  const data = parse(text);
  const known = new Set(slugs);
  const ignored = Object.keys(data.problems).filter((slug) => !known.has(slug));
  const given = Object.entries(data.problems).filter(([slug]) => known.has(slug));
  if (Object.keys(data.problems).length && !given.length) {
    throw new ProgressError(`This progress file is from another course (${ignored.length} problems, none of `
                            + "them on this site). Nothing was changed.");
  }
  const changes = [];
  const kept = [];
  const entries = [];
  for (const [slug, entry] of given) {
    const here = (field) => read(storage, storageKey(slug, FIELDS[field]));
    const { code, code_at: codeAt, ...rest } = entry;
    const write = {};
    const fields = [];
    if (code !== undefined) {
      const ours = here("code") === null ? null : { code: here("code"), at: stampOf(here("code_at"), now) };
      const theirs = { code, at: stampOf(codeAt, now) };
      const choice = chooseCode(ours, theirs);
      if (choice === "browser") kept.push(slug);
      else if (choice !== "same") {
        write.code = code;
        write.code_at = theirs.at === null ? null : String(theirs.at);   // no stamp: this copy's age is unknown
        fields.push(choice === "ask" ? CODE_OF_UNKNOWN_AGE : FIELD_LABELS.code);
      }
    }
    for (const [field, value] of Object.entries(rest)) {
      if (here(field) === value) continue;
      write[field] = value;
      fields.push(FIELD_LABELS[field]);
    }
    if (fields.length) {
      changes.push({ slug, fields });
      entries.push([slug, write]);
    }
  }
  return { changes, kept, ignored, entries };
}

/** Write a confirmed plan. All or nothing: when the browser refuses a write (storage full or
 * off), what was already written is put back and false is returned. */
export function applyPlan(plan, storage) {
  const before = [];
  try {
    for (const [slug, entry] of plan.entries) {
      for (const [field, value] of Object.entries(entry)) {
        const key = storageKey(slug, FIELDS[field]);
        before.push([key, read(storage, key)]);
        if (value === null) storage.removeItem(key);
        else storage.setItem(key, value);
      }
    }
    return true;
  } catch {
    for (const [key, value] of before.reverse()) {
      try { if (value === null) storage.removeItem(key); else storage.setItem(key, value); } catch { /* as before */ }
    }
    return false;
  }
}
