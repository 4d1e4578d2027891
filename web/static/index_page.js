// The index page: solved marks and "continue" from this browser's storage, and the progress
// file (download, load after a confirmation). The file's rules live in progress.mjs.
import { applyPlan, exportProgress, planImport, ProgressError } from "./progress.mjs";
import { browserStorage, storageKey } from "./storage_keys.mjs";
import { rememberTrack } from "./track_nav.mjs";

const storage = browserStorage();
const $ = (id) => document.querySelector(`[data-testid=${id}]`);
const rows = () => [...document.querySelectorAll("[data-testid=problem]")];
// A problem may sit in several tracks (course.toml): each counts once.
const slugs = () => [...new Set(rows().map((row) => row.dataset.slug))];

function isSolved(slug) {
  try { return storage.getItem(storageKey(slug, "solved")) === "1"; } catch { return false; }
}

function showSolved() {
  let solved = 0;
  let next = null;
  const seen = new Set();
  for (const row of rows()) {
    const done = isSolved(row.dataset.slug);
    row.dataset.solved = String(done);
    if (seen.has(row.dataset.slug)) continue;
    seen.add(row.dataset.slug);
    if (done) solved += 1; else next = next || row;
  }
  $("progress").textContent = `${solved} of ${seen.size} solved`;
  for (const track of document.querySelectorAll("[data-testid=track]")) {
    const inTrack = track.querySelectorAll("[data-testid=problem]");
    const done = track.querySelectorAll("[data-testid=problem][data-solved=true]").length;
    track.querySelector("[data-testid=track-progress]").textContent = `(${done} of ${inTrack.length} solved)`;
  }
  const link = /** @type {HTMLAnchorElement} */ ($("continue"));
  link.hidden = !next;
  if (next) {
    link.dataset.track = next.closest("[data-testid=track]")?.dataset.name || "";
    link.href = next.dataset.url;
    link.textContent = `${solved ? "Continue" : "Start"}: ${next.dataset.title} →`;
  }
}

function say(message) { $("progress-message").textContent = message; }

function download() {
  const progress = exportProgress(storage, slugs(), document.title);
  const blob = new Blob([JSON.stringify(progress, null, 1)], { type: "application/json" });
  const link = Object.assign(document.createElement("a"), {
    href: URL.createObjectURL(blob), download: `progress-${progress.exported_at.slice(0, 10)}.json`,
  });
  link.click();
  URL.revokeObjectURL(link.href);
  say(`Saved the progress of ${Object.keys(progress.problems).length} problems to ${link.download}.`);
}

function titleOf(slug) {
  return rows().find((row) => row.dataset.slug === slug)?.dataset.title || slug;
}

// The problems whose code here is newer than the file's: a load never replaces it.
function keptText(plan) {
  return plan.kept.length ? `Newer code in this browser, kept: ${plan.kept.map(titleOf).join(", ")}.` : "";
}

// Shows what loading would change and resolves with the learner's answer; nothing is written
// before "Replace" is pressed.
function confirmPlan(plan) {
  const dialog = /** @type {HTMLDialogElement} */ ($("progress-preview"));
  const list = dialog.querySelector("ul");
  list.replaceChildren(...plan.changes.map(({ slug, fields }) => Object.assign(document.createElement("li"), {
    textContent: `${titleOf(slug)}: ${fields.join(", ")}`,
  })));
  dialog.querySelector(".ignored").textContent = [
    plan.ignored.length ? `Not on this site, left out: ${plan.ignored.join(", ")}.` : "",
    keptText(plan),
  ].filter(Boolean).join(" ");
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener("close", () => resolve(dialog.returnValue === "apply"),
                                                          { once: true }));
}

async function load(input) {
  const [file] = input.files;
  input.value = "";
  if (!file) return;
  let plan;
  try {
    plan = planImport(await file.text(), storage, slugs());
  } catch (error) {
    if (!(error instanceof ProgressError)) throw error;
    say(`${file.name}: ${error.message}`);
    return;
  }
  if (!plan.changes.length) {
    say(`${file.name} holds nothing this browser does not already have. ${keptText(plan)}`.trim());
    return;
  }
  if (!(await confirmPlan(plan))) {
    say("Nothing was changed.");
    return;
  }
  if (!applyPlan(plan, storage)) {
    say("This browser refused to store the progress (storage full or off); nothing was changed.");
    return;
  }
  showSolved();
  say(`Loaded ${file.name}: ${plan.changes.length} problems updated. ${keptText(plan)}`.trim());
}

// The track of the link the learner follows, for the problem page's *Next* (track_nav.mjs):
// a link in a track remembers it, one outside every track (More problems) forgets it.
function followed(event) {
  const link = event.target.closest && event.target.closest("a[href]");
  if (!link || !document.querySelector("main.index").contains(link) || link.closest("dialog")) return;
  const track = link === $("continue") ? link.dataset.track : link.closest("[data-testid=track]")?.dataset.name;
  rememberTrack(storage, track || null);
}

showSolved();
document.addEventListener("click", followed);
document.addEventListener("auxclick", followed);
$("progress-download").addEventListener("click", download);
$("progress-load").addEventListener("change", (event) => load(event.target));
