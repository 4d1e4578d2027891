// *Next* (and the pager) follow the track the learner came from. The index remembers the
// track of the link the learner followed (index_page.js); a problem page whose config lists
// that track (the build's `tracks`: name, prev, next) points its links along it. Only this
// browser's storage is read, no URL changes: the pages stay the ones the service worker
// stored (offline) and the ones a SCORM package holds (where these links are hidden anyway).

export const TRACK_KEY = "exercise:track";

/** The name of the track the learner last entered from the index, or null. */
export function rememberedTrack(storage) {
  try { return storage.getItem(TRACK_KEY); } catch { return null; }
}

/** Remember (or, with null, forget) the track the learner follows. */
export function rememberTrack(storage, name) {
  try {
    if (name) storage.setItem(TRACK_KEY, name); else storage.removeItem(TRACK_KEY);
  } catch { /* storage blocked: Next keeps the path order */ }
}

/** The step of `config.tracks` the learner is on: {name, prev, next}, or null. */
export function currentStep(config, storage) {
  const name = rememberedTrack(storage);
  return (config.tracks || []).find((step) => step.name === name) || null;
}

function pagerLink(doc, rel, target) {
  const link = doc.createElement("a");
  link.rel = rel;
  link.href = target.url;
  const arrow = Object.assign(doc.createElement("span"), { textContent: rel === "next" ? "→" : "←" });
  arrow.setAttribute("aria-hidden", "true");
  const title = Object.assign(doc.createElement("span"), { className: "pager-title", textContent: target.title });
  const short = Object.assign(doc.createElement("span"), { className: "pager-short",
                                                         textContent: rel === "next" ? "Next" : "Previous" });
  short.setAttribute("aria-hidden", "true");
  if (rel === "next") link.append(title, short, " ", arrow); else link.append(arrow, " ", title, short);
  return link;
}

/** Point the page's *Next* link and its pager along the learner's track; returns the step
 *  followed, or null (the links then keep the path order the build wrote). */
export function followTrack(config, storage, doc = document) {
  const step = currentStep(config, storage);
  if (!step) return null;
  const next = doc.querySelector("[data-testid=next]");
  if (next) {
    const link = doc.createElement("a");
    link.href = step.next ? step.next.url : "index.html";
    link.textContent = step.next ? `Next: ${step.next.title} →` : `The end of ${step.name}: back to all problems →`;
    next.replaceChildren(link);
    next.dataset.track = step.name;
  }
  const pager = doc.querySelector("nav.pager");
  if (pager) {
    for (const rel of ["prev", "next"]) {
      const old = pager.querySelector(`a[rel=${rel}]`);
      const fresh = step[rel] ? pagerLink(doc, rel, step[rel]) : null;
      if (old && fresh) old.replaceWith(fresh);
      else if (old) old.remove();
      else if (fresh) { if (rel === "prev") pager.prepend(fresh); else pager.append(fresh); }
    }
    pager.setAttribute("aria-label", `Problems of ${step.name}`);
  }
  return step;
}
