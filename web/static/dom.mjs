// Small DOM helpers the page's views share: text-only elements (learner output is text,
// never HTML), tracebacks whose "line N" links into the editor, and keyboard-reachable
// scroll boxes.

/** The element carrying `data-testid="testid"` (the hooks README documents).
 *  @param {string} testid
 *  @returns {HTMLElement} */
export const byTestId = (testid) => /** @type {HTMLElement} */ (document.querySelector(`[data-testid="${testid}"]`));

/** A new `tag` element with a class and text content (never HTML). */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A traceback line ("line 4, in f: return 1 / 0") with its "line 4" as a link calling goToLine(4). */
function tracebackLine(text, goToLine) {
  const match = /^line (\d+)/.exec(text);
  const line = element("span", "tb-line");
  if (!match) { line.textContent = text; return line; }
  const link = element("a", "line-link", match[0]);
  link.href = `#line-${match[1]}`;
  link.addEventListener("click", (event) => { event.preventDefault(); goToLine(Number(match[1])); });
  line.append(link, document.createTextNode(text.slice(match[0].length)));
  return line;
}

/** A <pre> with `message` and then the traceback lines, each linked into the editor. */
export function messageBlock(className, message, traceback, goToLine) {
  const pre = element("pre", className);
  if (message) pre.append(document.createTextNode(message));
  for (const text of traceback || []) {
    if (pre.childNodes.length) pre.append(document.createTextNode("\n"));
    pre.append(tracebackLine(text, goToLine));
  }
  return pre;
}

/** A box that may scroll must be reachable by keyboard, and then needs a name. */
export function scrollBox(pre, label) {
  pre.tabIndex = 0;
  pre.setAttribute("role", "region");
  pre.setAttribute("aria-label", label);
  return pre;
}
