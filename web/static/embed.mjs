// A problem page inside another site's <iframe> (a course page in MkDocs, Jupyter Book,
// Quarto...): it tells its parent when it is ready and how each run went, by postMessage
// to the origin the build names (`--embed-origin`, "*" by default: results are no secret,
// the learner's browser computed them). A page on its own posts nothing.
import { isSolved, pointsOf } from "./verdict.mjs";

/** The messages a problem page sends its parent. */
export function readyMessage(slug) {
  return { type: "exercise:ready", slug };
}

export function resultMessage(slug, result, expected) {
  const score = pointsOf(result, expected);
  return { type: "exercise:result", slug, passed: result.passed, total: result.total,
           solved: isSolved(result, expected), points: score.earned, pointsTotal: score.total,
           score: score.percent };
}

/** Post to the parent frame, if any: `ready()` once the page is usable, `recordResult(result)`
 * after each run. */
export function connectEmbed(config, win = window) {
  if (win.parent === win) return { ready() {}, recordResult() {} };
  const post = (message) => {
    try { win.parent.postMessage(message, config.embedOrigin || "*"); } catch { /* the parent left */ }
  };
  return {
    ready: () => post(readyMessage(config.slug)),
    recordResult: (result) => post(resultMessage(config.slug, result, config.expected)),
  };
}
