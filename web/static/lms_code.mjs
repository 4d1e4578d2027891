// The learner's code as the LMS keeps it (cmi.suspend_data), and which copy wins on a
// relaunch. Kept apart from lms.mjs (the SCORM session) because it is pure: Node tests it
// on literal copies (tests/js/lms_code.test.mjs).
//
// Each copy carries a stamp, the time its code was last changed: the browser's beside the
// code (page_storage.mjs, `code-at`), the LMS's inside suspend_data. A relaunch keeps the
// newer copy and says so; when it cannot tell (a copy saved before stamps, or equal stamps)
// it asks. An LMS copy is never newer than the browser's because it is short: code too long
// for suspend_data is not written, so the older LMS copy keeps its older stamp.

const PACKED = "z2:";          // z2:STAMP:deflate-raw, then base64
const PLAIN = "t2:";           // t2:STAMP:the code as it is (no CompressionStream, or leaving in a hurry)
const OLD_PACKED = "z1:";      // unstamped, written before stamps
const OLD_PLAIN = "t1:";

const toBase64 = (bytes) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function through(stream, bytes) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

const stampText = (at) => (Number.isSafeInteger(at) && at > 0 ? at.toString(36) : "");

/** The learner's code as suspend_data, stamped `at` (ms since 1970): compressed when the
 *  browser can, else as it is. */
export async function packCode(code, at = Date.now()) {
  if (typeof CompressionStream !== "function") return packPlain(code, at);
  const bytes = await through(new CompressionStream("deflate-raw"), new TextEncoder().encode(code));
  return `${PACKED}${stampText(at)}:${toBase64(bytes)}`;
}

/** The code as suspend_data at once, uncompressed: for leaving the page, when there is no
 *  time to wait for a compression. */
export function packPlain(code, at = Date.now()) {
  return `${PLAIN}${stampText(at)}:${code}`;
}

/** The copy packCode or packPlain saved, {code, at} (`at` null when unstamped), or null
 *  for suspend_data this page did not write. */
export async function unpackSaved(data) {
  if (typeof data !== "string") return null;
  const stamped = data.startsWith(PACKED) || data.startsWith(PLAIN);
  let body = data.slice(3);
  let at = null;
  if (stamped) {
    const colon = body.indexOf(":");
    if (colon < 0) return null;
    at = parseInt(body.slice(0, colon), 36) || null;
    body = body.slice(colon + 1);
  }
  if (data.startsWith(PLAIN) || data.startsWith(OLD_PLAIN)) return { code: body, at };
  if (!(data.startsWith(PACKED) || data.startsWith(OLD_PACKED)) || typeof DecompressionStream !== "function") return null;
  try {
    return { code: new TextDecoder().decode(await through(new DecompressionStream("deflate-raw"), fromBase64(body))), at };
  } catch {
    return null;
  }
}

/** The code of unpackSaved, or null. */
export async function unpackCode(data) {
  const saved = await unpackSaved(data);
  return saved && saved.code;
}

/**
 * Which copy a relaunch keeps: "browser", "lms", "same" (nothing to do) or "ask".
 * `browser`: {code, at} the code this browser saved (null if none); `lms`: unpackSaved's.
 */
export function chooseCode(browser, lms) {
  if (!lms) return "browser";
  if (!browser) return "lms";
  if (browser.code === lms.code) return "same";
  if (!browser.at || !lms.at || browser.at === lms.at) return "ask";
  return lms.at > browser.at ? "lms" : "browser";
}

/** The question asked when a relaunch cannot tell which copy is newer. */
export const WHICH_CODE = "Your course and this browser hold different code for this problem, and this page " +
  "cannot tell which is newer.\n\nOK: use the code saved in your course.\nCancel: keep the code in this browser.";
