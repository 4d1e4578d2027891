// Where a problem's state lives in the browser's localStorage: `exercise:SLUG:WHAT`. The one
// home of that scheme: the problem page (page_storage.mjs), the progress file (progress.mjs)
// and the index's solved marks (index_page.js) all name their keys through it.

/** The localStorage key of `what` ("code", "last-run", "hints", "solved", "try") for `slug`. */
export const storageKey = (slug, what) => `exercise:${slug}:${what}`;
