// Going to another problem of the site without booting Python again: a click on a link to
// another problem page (Next, the pager) fetches that page (through the service worker when
// offline), and if it runs on the same runtime, its parts replace this page's and the
// address changes with the History API. The URL stays the real page: a reload, a deep link
// or a bookmark loads it as usual, and Back/Forward swap again. Anything else (the index, a
// page on another runtime, a failed fetch) is an ordinary navigation.
import { conforms } from "./contract.mjs";

/** The parts of a problem page a swap replaces; everything else (the site header's home
 *  link and theme toggle, the scripts) stays. */
const SWAPPED = ["main.problem", "nav.pager"];

/** Whether a page built with `next` can be served by the workers of a page built with
 *  `current`: the same worker and the same runtime files, whatever the problem's data. */
export function sameRuntime(current, next) {
  if (!current || !next || current.workerUrl !== next.workerUrl) return false;
  const files = (config) => JSON.stringify(Object.entries(config.runtime || {})
    .filter(([key]) => key !== "dataUrl").sort(([a], [b]) => (a < b ? -1 : 1)));
  return files(current) === files(next);
}

/** Whether a click on `link` may be handled by a swap: a plain left click on a link to
 *  another .html page of this site's folder, which is not the index. */
export function swappable(link, event, here) {
  if (!link || event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (link.target && link.target !== "_self") return false;
  if (link.hasAttribute("download")) return false;
  return otherProblemPage(new URL(link.href, here), here);
}

/** Whether `url` may be another problem page of this site: an .html page of this page's
 *  folder, other than this one and the index. */
function otherProblemPage(url, here) {
  const folder = (path) => path.slice(0, path.lastIndexOf("/") + 1);
  return url.origin === here.origin && folder(url.pathname) === folder(here.pathname)
    && url.pathname.endsWith(".html") && !url.pathname.endsWith("/index.html") && url.pathname !== here.pathname;
}

/** The page at `url` parsed, with its config; null when it is not a problem page. */
async function fetchProblemPage(url) {
  const response = await fetch(url);
  if (!response.ok) return null;
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const script = doc.getElementById("exercise-config");
  if (!script) return null;
  // A page whose config has another shape (another build's) is opened as a page, not swapped in.
  const config = JSON.parse(script.textContent);
  return conforms("PageConfig", config) ? { doc, config } : null;
}

function replaceParts(doc) {
  document.title = doc.title;
  for (const selector of SWAPPED) {
    const old = document.querySelector(selector);
    const fresh = doc.querySelector(selector);
    if (old && fresh) old.replaceWith(document.adoptNode(fresh));
    else if (old) old.remove();
    else if (fresh) document.querySelector(".site-header .theme-toggle").before(document.adoptNode(fresh));
  }
  document.getElementById("exercise-config").textContent = doc.getElementById("exercise-config").textContent;
}

/**
 * Swap problem pages in place. `current()`: the config of the problem shown; `leave()`:
 * called before the parts go (save the code, drop the page's listeners); `enter(config)`:
 * set up the page just swapped in. Returns {stop, lookAhead}: `stop()` ends the swapping;
 * `lookAhead(url)` fetches the problem page at `url` now and gives its config if a click on
 * a link to it would swap it in (else null), so its tests can be prepared before the click.
 * The click fetches the page again: what it swaps in is what the site serves then.
 */
export function swapProblemsInPlace({ current, leave, enter }) {
  let going = null;   // the navigation in flight: a newer click wins
  let shown = location.pathname;
  async function go(url, { push }) {
    const ticket = {};
    going = ticket;
    let page = null;
    try { page = await fetchProblemPage(url); } catch { page = null; }
    if (going !== ticket) return;
    if (!page || !sameRuntime(current(), page.config)) {
      location.assign(url);
      return;
    }
    leave();
    replaceParts(page.doc);
    if (push) history.pushState({ swapped: true }, "", url);
    shown = new URL(url).pathname;
    window.scrollTo(0, 0);
    enter(page.config);
    // Focus at the top of the new problem, as a page load would put it.
    const heading = document.querySelector("main.problem h1");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  }
  const onClick = (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (!swappable(link, event, new URL(location.href))) return;
    event.preventDefault();
    go(link.href, { push: true });
  };
  // Back/Forward between swapped pages; a change of #fragment only is not another page.
  const onPop = () => {
    if (location.pathname !== shown) go(location.href, { push: false });
  };
  document.addEventListener("click", onClick);
  addEventListener("popstate", onPop);
  // The first page's own history entry, so that Back to it swaps too.
  history.replaceState({ swapped: true }, "", location.href);
  return {
    stop() {
      document.removeEventListener("click", onClick);
      removeEventListener("popstate", onPop);
    },
    async lookAhead(url) {
      const here = new URL(location.href);
      if (!otherProblemPage(new URL(url, here), here)) return null;
      let page = null;
      try { page = await fetchProblemPage(url); } catch { page = null; }
      return page && sameRuntime(current(), page.config) ? page.config : null;
    },
  };
}
