// A learner's progress as one file they can carry to another browser: pure functions over a
// Storage-like object ({getItem, setItem}), so Node tests them with literal inputs and the
// index page (index_page.js) only adds the buttons and the confirmation.
import { storageKey } from "./storage_keys.mjs";

export const FORMAT = "exercisekit-progress";
export const VERSION = 1;
// What a problem page keeps under storageKey(SLUG, KEY) (storage_keys.mjs, page_storage.mjs), by file field.
export const FIELDS = { code: "code", last_run: "last-run", hints: "hints", solved: "solved", try_snippet: "try" };
const FIELD_LABELS = { code: "code", last_run: "last result", hints: "hints shown", solved: "solved mark",
                       try_snippet: "Try-it snippet" };

export class ProgressError extends Error {}

function read(storage, key) {
  try { return storage.getItem(key); } catch { return null; }
}

/** Everything this browser holds for the site's problems, as the object the file carries. */
export function exportProgress(storage, slugs, site, now = new Date()) {
  const problems = {};
  for (const slug of slugs) {
    const entry = {};
    for (const [field, key] of Object.entries(FIELDS)) {
      const value = read(storage, storageKey(slug, key));
      if (value !== null) entry[field] = value;
    }
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
  if (data.version !== VERSION) {
    throw new ProgressError(`This progress file has version ${JSON.stringify(data.version)}; this site `
                            + `reads version ${VERSION}. Download it again from the site that wrote it.`);
  }
  if (data.problems === null || typeof data.problems !== "object" || Array.isArray(data.problems)) {
    throw new ProgressError("This progress file is damaged: it lists no problems. Download it again.");
  }
  for (const [slug, entry] of Object.entries(data.problems)) {
    const bad = entry === null || typeof entry !== "object" || Array.isArray(entry)
      || Object.entries(entry).some(([field, value]) => !(field in FIELDS) || typeof value !== "string");
    if (bad) throw new ProgressError(`This progress file is damaged at problem “${slug}”. Download it again.`);
  }
  return data;
}

/** What loading `text` would change here, before anything is written: `{changes: [{slug,
 * fields: [label...]}], ignored: [slug...], entries}`. Throws ProgressError for a malformed
 * file or one of another course (none of its problems is on this site). */
export function planImport(text, storage, slugs) {
  const data = parse(text);
  const known = new Set(slugs);
  const ignored = Object.keys(data.problems).filter((slug) => !known.has(slug));
  const entries = Object.entries(data.problems).filter(([slug]) => known.has(slug));
  if (Object.keys(data.problems).length && !entries.length) {
    throw new ProgressError(`This progress file is from another course (${ignored.length} problems, none of `
                            + "them on this site). Nothing was changed.");
  }
  const changes = [];
  for (const [slug, entry] of entries) {
    const fields = Object.entries(entry)
      .filter(([field, value]) => read(storage, storageKey(slug, FIELDS[field])) !== value)
      .map(([field]) => FIELD_LABELS[field]);
    if (fields.length) changes.push({ slug, fields });
  }
  return { changes, ignored, entries };
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
        storage.setItem(key, value);
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
