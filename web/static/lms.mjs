// Reporting to an LMS through the SCORM 1.2 runtime API, when a course launches the page.
// The LMS's player offers an `API` object on a parent frame (or on the window that
// opened ours); without one, connectLms() returns an inert reporter and the page is as
// on the open web. Nothing here ever throws into the page: LMS errors go to a status line.
import { isSolved, pointsOf } from "./verdict.mjs";

const SUSPEND_LIMIT = 4096;       // SCORM 1.2: cmi.suspend_data is a CMIString4096
const MAX_FRAMES = 32;            // how far up the frames the standard discovery walks
const SNAPSHOT_MS = 2000;         // how stale the code saved on unload may be
const PACKED = "z1:";             // deflate-raw, then base64
const PLAIN = "t1:";              // the code as it is (no CompressionStream in this browser)

/** The SCORM 1.2 API of the LMS that launched `win`, or null (the standard discovery). */
export function findApi(win) {
  const scan = (start) => {
    let current = start;
    for (let depth = 0; current && depth <= MAX_FRAMES; depth += 1) {
      try {
        if (current.API && typeof current.API.LMSInitialize === "function") return current.API;
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

const toBase64 = (bytes) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function through(stream, bytes) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

/** The learner's code as suspend_data: compressed when the browser can, else as it is. */
export async function packCode(code) {
  if (typeof CompressionStream !== "function") return PLAIN + code;
  return PACKED + toBase64(await through(new CompressionStream("deflate-raw"), new TextEncoder().encode(code)));
}

/** The code saved by packCode, or null for suspend_data this page did not write. */
export async function unpackCode(data) {
  if (typeof data !== "string") return null;
  if (data.startsWith(PLAIN)) return data.slice(PLAIN.length);
  if (!data.startsWith(PACKED) || typeof DecompressionStream !== "function") return null;
  try {
    return new TextDecoder().decode(await through(new DecompressionStream("deflate-raw"), fromBase64(data.slice(PACKED.length))));
  } catch {
    return null;
  }
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
  constructor(api, show) {
    this.api = api;
    this.show = show;
    this.failed = false;
  }

  call(name, ...args) {
    let answer;
    try {
      answer = this.api[name](...args);
    } catch (error) {
      this.fail(`${name} threw ${error && error.message ? error.message : error}`);
      return null;
    }
    if (name.startsWith("LMSGet") && name !== "LMSGetValue") return answer;
    const code = this.lastError();
    const ok = name === "LMSGetValue" ? code === 0 : String(answer) === "true" && code === 0;
    if (!ok) {
      let text = "";
      try { text = String(this.api.LMSGetErrorString(String(code)) || ""); } catch { text = ""; }
      this.fail(`${name}${args.length ? `(${args[0]})` : ""} failed: error ${code}${text ? ` (${text})` : ""}`);
      return null;
    }
    return answer;
  }

  lastError() {
    try { return Number(this.api.LMSGetLastError()) || 0; } catch { return 0; }
  }

  fail(text) {
    this.failed = true;
    this.show("error", `Your course's LMS reported a problem: ${text}. Your code is still saved in this browser.`);
  }

  get(name) { const value = this.call("LMSGetValue", name); return value === null ? "" : String(value); }

  set(name, value) { return this.call("LMSSetValue", name, String(value)) !== null; }
}

const INERT = { active: false, recordResult: async () => {} };

/**
 * Connect to the LMS that launched this page, if any. `getCode`/`setCode` read and replace
 * the editor's code: the code saved in the course (cmi.suspend_data) comes back on launch,
 * and the latest code goes back with each run and on leaving.
 */
export function connectLms(config, { getCode, setCode }, win = window) {
  const api = findApi(win);
  if (!api) return INERT;
  const element = win.document.querySelector('[data-testid="lms-status"]');
  const lms = new LmsSession(api, statusLine(element));
  if (lms.call("LMSInitialize", "") === null) return INERT;
  const started = Date.now();
  let status = lms.get("cmi.core.lesson_status");
  if (!status || status === "not attempted") {
    if (lms.set("cmi.core.lesson_status", "incomplete")) status = "incomplete";
  }
  // In an LMS, the LMS navigates between problems: links to other pages would leave the SCO.
  win.document.documentElement.dataset.lms = "scorm12";   // style.css hides [data-lms-hide]
  if (!lms.failed) lms.show("connected", "Connected to your course: each run's score is recorded.");

  let packed = null;        // suspend_data of `packedCode`, kept ready for unload
  let packedCode = null;
  const pack = async () => {
    const code = getCode();
    if (code === packedCode) return packed;
    const data = await packCode(code);
    packed = data;
    packedCode = code;
    return data;
  };
  const saveCode = (data) => {
    if (data === null) return;
    if (data.length > SUSPEND_LIMIT) {
      lms.show("error", `Your code is too long to keep in the course (${data.length} of ${SUSPEND_LIMIT} characters ` +
                        "once compressed): it is saved in this browser only.");
      lms.failed = true;   // keeps this message in the status line after the run's
      return;
    }
    lms.set("cmi.suspend_data", data);
  };
  const restoring = unpackCode(lms.get("cmi.suspend_data")).then((code) => {
    if (code !== null && code !== getCode()) setCode(code);
    packedCode = null;
  });
  const snapshot = setInterval(() => { pack().catch(() => {}); }, SNAPSHOT_MS);

  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearInterval(snapshot);
    if (packedCode === getCode()) saveCode(packed);
    lms.set("cmi.core.exit", "suspend");
    lms.set("cmi.core.session_time", sessionTime(Date.now() - started));
    lms.call("LMSFinish", "");
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
        data = await packCode(code);
      } catch (error) {
        data = null;
        lms.fail(`the code could not be packed for the course (${error})`);
      }
      if (finished) return;
      status = statusAfter(status, isSolved(result, config.expected));
      lms.set("cmi.core.score.min", 0);
      lms.set("cmi.core.score.max", 100);
      const score = scoreOf(result, config.expected);
      lms.set("cmi.core.score.raw", score);
      lms.set("cmi.core.lesson_status", status);
      lms.set("cmi.core.session_time", sessionTime(Date.now() - started));
      saveCode(data);
      lms.call("LMSCommit", "");
      if (!lms.failed) lms.show("saved", `Recorded in your course: score ${score}, ${status}.`);
    },
  };
}
