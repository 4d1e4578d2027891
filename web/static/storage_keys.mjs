// Where a problem's state lives in the browser's localStorage: `exercise:SLUG:WHAT`. The one
// home of that scheme: the problem page (page_storage.mjs), the progress file (progress.mjs)
// and the index's solved marks (index_page.js) all name their keys through it.

/** The localStorage key of `what` ("code", "code-at", "last-run", "hints", "solved", "try") for `slug`. */
export const storageKey = (slug, what) => `exercise:${slug}:${what}`;

// Where storage is blocked (a third-party iframe when the browser blocks third-party
// storage, some privacy modes), merely reading `window.localStorage` throws. Pages then
// work with this: nothing is stored, every write refuses (callers already expect that
// of a full storage), so no caller has to guard the property itself.
const BLOCKED = Object.freeze({
  getItem: () => null,
  setItem() { throw new Error("this browser blocks storage for this page"); },
  removeItem() {},
  key: () => null,
  length: 0,
});

/** The page's localStorage, or an empty one that refuses writes where the browser blocks it. */
export function browserStorage(win = globalThis) {
  try { return win.localStorage ?? BLOCKED; } catch { return BLOCKED; }
}
