// Reporting to an LMS through the SCORM runtime API (1.2 or 2004), when a course launches
// the page. The LMS's player offers an `API` (1.2) or `API_1484_11` (2004) object on a parent
// frame (or on the window that opened ours); without one, connectLms() returns an inert
// reporter and the page is as on the open web. Nothing here ever throws into the page: LMS
// errors go to a status line.
import { isSolved, pointsOf } from "./verdict.mjs";
import { WHICH_CODE, chooseCode, packCode, packPlain, unpackSaved } from "./lms_code.mjs";

export { packCode, unpackCode } from "./lms_code.mjs";

const MAX_FRAMES = 32;            // how far up the frames the standard discovery walks
const SNAPSHOT_MS = 2000;         // how often the code is packed, ready for leaving

/**
 * What differs between the two editions, and nothing else: the API's name, its methods and
 * the data model's element names. The page's logic (what is recorded when) is the same.
 */
export const DIALECTS = {
  "2004": {
    name: "scorm2004", api: "API_1484_11", suspendLimit: 64000,   // cmi.suspend_data: 64,000 characters
    initialize: "Initialize", terminate: "Terminate", getValue: "GetValue", setValue: "SetValue",
    commit: "Commit", getLastError: "GetLastError", getErrorString: "GetErrorString",
    unset: 403,   // GetValue of an element never set: "Data Model Element Value Not Initialized"
    // Attempted but not done until passed: completion and success are separate in 2004.
    firstLaunch: { element: "cmi.completion_status", fresh: ["", "unknown", "not attempted"], value: "incomplete" },
    outcome: "cmi.success_status",
    runFields: (score, status) => [
      ["cmi.score.min", 0], ["cmi.score.max", 100], ["cmi.score.raw", score], ["cmi.score.scaled", score / 100],
      ["cmi.success_status", status], ["cmi.completion_status", status === "passed" ? "completed" : "incomplete"],
    ],
    suspendData: "cmi.suspend_data", exit: "cmi.exit", sessionTime: "cmi.session_time",
    timespan: (ms) => isoDuration(ms),
  },
  "1.2": {
    name: "scorm12", api: "API", suspendLimit: 4096,               // cmi.suspend_data: CMIString4096
    initialize: "LMSInitialize", terminate: "LMSFinish", getValue: "LMSGetValue", setValue: "LMSSetValue",
    commit: "LMSCommit", getLastError: "LMSGetLastError", getErrorString: "LMSGetErrorString",
    unset: null,  // 1.2 answers "" for an element never set
    firstLaunch: { element: "cmi.core.lesson_status", fresh: ["", "not attempted"], value: "incomplete" },
    outcome: "cmi.core.lesson_status",
    runFields: (score, status) => [
      ["cmi.core.score.min", 0], ["cmi.core.score.max", 100], ["cmi.core.score.raw", score],
      ["cmi.core.lesson_status", status],
    ],
    suspendData: "cmi.suspend_data", exit: "cmi.core.exit", sessionTime: "cmi.core.session_time",
    timespan: (ms) => sessionTime(ms),
  },
};

/** The SCORM API of the LMS that launched `win` and its dialect, or null (the standard
 *  discovery; a 2004 API is preferred when a player offers both). */
export function findLms(win) {
  for (const dialect of Object.values(DIALECTS)) {
    const api = findApi(win, dialect);
    if (api) return { api, dialect };
  }
  return null;
}

/** The API object of `dialect` (default SCORM 1.2) on `win` or the frames above it, or
 *  on the window that opened the top one; null when there is none. */
export function findApi(win, dialect = DIALECTS["1.2"]) {
  const scan = (start) => {
    let current = start;
    for (let depth = 0; current && depth <= MAX_FRAMES; depth += 1) {
      try {
        const api = current[dialect.api];
        if (api && typeof api[dialect.initialize] === "function") return api;
      } catch { return null; }   // a frame of another origin: its API is not ours to use
      if (current.parent === current) return null;
      current = current.parent;
    }
    return null;
  };
  let opener = null;
  try { opener = win.top.opener; } catch { opener = null; }
  return scan(win) || (opener ? scan(opener) : null);
}

/** An ISO 8601 duration (`PT1H2M3.45S`), SCORM 2004's timeinterval, of milliseconds. */
export function isoDuration(ms) {
  const hundredths = Math.max(0, Math.round(ms / 10));
  const hours = Math.floor(hundredths / 360000);
  const minutes = Math.floor(hundredths / 6000) % 60;
  const seconds = (hundredths % 6000) / 100;
  return `PT${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${seconds.toFixed(2).replace(/\.?0+$/, "")}S`;
}

/** `HHHH:MM:SS.SS`, SCORM 1.2's CMITimespan, of a duration in milliseconds. */
export function sessionTime(ms) {
  const hundredths = Math.max(0, Math.round(ms / 10));
  const two = (n) => String(n).padStart(2, "0");
  const hours = String(Math.floor(hundredths / 360000)).padStart(4, "0");
  const minutes = two(Math.floor(hundredths / 6000) % 60);
  const seconds = two(Math.floor(hundredths / 100) % 60);
  return `${hours}:${minutes}:${seconds}.${two(hundredths % 100)}`;
}

/** The score SCORM records for a run: the points earned over the points of the rows that
 *  count, as a percentage, rounded (passed/total when every test is worth 1), 0 when empty. */
export function scoreOf(result, expected) {
  return pointsOf(result, expected).percent;
}

/** The lesson status after a run: `passed` once solved, and never back from it. */
export function statusAfter(previous, solved) {
  return solved || previous === "passed" ? "passed" : "failed";
}

function statusLine(element) {
  return (state, text) => {
    if (!element) return;
    element.hidden = false;
    element.dataset.state = state;
    element.textContent = text;
  };
}

// One LMS session: every call checked, every failure reported in the status line.
class LmsSession {
  constructor(api, dialect, show) {
    this.api = api;
    this.dialect = dialect;
    this.show = show;
    this.failed = false;
  }

  call(method, ...args) {
    const name = this.dialect[method];
    let answer;
    try {
      answer = this.api[name](...args);
    } catch (error) {
      this.fail(`${name} threw ${error && error.message ? error.message : error}`);
      return null;
    }
    const code = this.lastError();
    if (method === "getValue" && code !== 0 && code === this.dialect.unset) return "";
    const ok = method === "getValue" ? code === 0 : String(answer) === "true" && code === 0;
    if (!ok) {
      let text = "";
      try { text = String(this.api[this.dialect.getErrorString](String(code)) || ""); } catch { text = ""; }
      this.fail(`${name}${args.length ? `(${args[0]})` : ""} failed: error ${code}${text ? ` (${text})` : ""}`);
      return null;
    }
    return answer;
  }

  lastError() {
    try { return Number(this.api[this.dialect.getLastError]()) || 0; } catch { return 0; }
  }

  fail(text) {
    this.failed = true;
    this.show("error", `Your course's LMS reported a problem: ${text}. Your code is still saved in this browser.`);
  }

  get(element) { const value = this.call("getValue", element); return value === null ? "" : String(value); }

  set(element, value) { return this.call("setValue", element, String(value)) !== null; }
}

const INERT = { active: false, recordResult: async () => {} };

/**
 * Connect to the LMS that launched this page, if any (SCORM 2004 or 1.2, whichever API its
 * player offers). `getCode`/`setCode` read and replace the editor's code; `browserCopy()`
 * is the code this browser saved, {code, at} (`at`: when it last changed) or null; `ask`
 * asks the learner a yes/no question. On launch the newer of the browser's and the
 * course's copy (cmi.suspend_data) is kept (lms_code.mjs chooseCode), and the latest code
 * goes back, stamped, with each run and on leaving.
 */
export function connectLms(config, { getCode, setCode, browserCopy = () => null, ask = (q) => window.confirm(q) },
                           win = window) {
  const found = findLms(win);
  if (!found) return INERT;
  const { api, dialect } = found;
  const element = win.document.querySelector('[data-testid="lms-status"]');
  const lms = new LmsSession(api, dialect, statusLine(element));
  if (lms.call("initialize", "") === null) return INERT;
  const started = Date.now();
  const first = dialect.firstLaunch;
  if (first.fresh.includes(lms.get(first.element))) lms.set(first.element, first.value);
  let status = lms.get(dialect.outcome);
  // In an LMS, the LMS navigates between problems: links to other pages would leave the SCO.
  win.document.documentElement.dataset.lms = dialect.name;   // style.css hides [data-lms-hide]
  if (!lms.failed) lms.show("connected", "Connected to your course: each run's score is recorded.");

  // When the code was last changed: the browser's stamp while the editor holds that code.
  const stampOf = (code) => {
    const saved = browserCopy();
    return saved && saved.code === code && saved.at ? saved.at : Date.now();
  };
  let packed = null;        // suspend_data of `packedCode`, kept ready for unload
  let packedCode = null;
  const pack = async () => {
    const code = getCode();
    if (code === packedCode) return packed;
    const data = await packCode(code, stampOf(code));
    packed = data;
    packedCode = code;
    return data;
  };
  const fits = (data) => data !== null && data.length <= dialect.suspendLimit;
  const saveCode = (data) => {
    if (data === null) return;
    const limit = dialect.suspendLimit;
    if (!fits(data)) {
      lms.show("error", `Your code is too long to keep in the course (${data.length} of ${limit} characters ` +
                        "once compressed): it is saved in this browser only.");
      lms.failed = true;   // keeps this message in the status line after the run's
      return;
    }
    lms.set(dialect.suspendData, data);
  };
  const restoring = unpackSaved(lms.get(dialect.suspendData)).then((saved) => {
    const choice = chooseCode(browserCopy(), saved);
    if (choice === "lms" || (choice === "ask" && ask(WHICH_CODE))) {
      if (saved.code !== getCode()) setCode(saved.code);
      if (choice === "lms" && browserCopy()) {
        lms.show("restored", "Your newer code from the course replaced the older code this browser had.");
      }
    }
    packedCode = null;
  });
  const snapshot = setInterval(() => { pack().catch(() => {}); }, SNAPSHOT_MS);

  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearInterval(snapshot);
    // Leaving right after typing: no time to compress; the code as it is, if it fits.
    const code = getCode();
    if (packedCode === code) saveCode(packed);
    else if (fits(packPlain(code, stampOf(code)))) saveCode(packPlain(code, stampOf(code)));
    lms.set(dialect.exit, "suspend");
    lms.set(dialect.sessionTime, dialect.timespan(Date.now() - started));
    lms.call("terminate", "");
  };
  win.addEventListener("pagehide", finish);
  win.addEventListener("beforeunload", finish);

  return {
    active: true,
    restored: restoring,
    /** Report one run to the LMS: score, status, the code it ran; then commit. */
    async recordResult(result, code) {
      if (finished) return;
      lms.failed = false;   // each run's report shows its own problems, not older ones
      let data;
      try {
        await restoring;
        data = await packCode(code, stampOf(code));
      } catch (error) {
        data = null;
        lms.fail(`the code could not be packed for the course (${error})`);
      }
      if (finished) return;
      status = statusAfter(status, isSolved(result, config.expected));
      const score = scoreOf(result, config.expected);
      for (const [name, value] of dialect.runFields(score, status)) lms.set(name, value);
      lms.set(dialect.sessionTime, dialect.timespan(Date.now() - started));
      saveCode(data);
      lms.call("commit", "");
      if (!lms.failed) lms.show("saved", `Recorded in your course: score ${score}, ${status}.`);
    },
  };
}
