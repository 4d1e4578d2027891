// Saving the site for offline use (the service worker, web/static/sw.js) and saying so in
// the offline status line. Registration waits until Python is ready: the service worker
// then downloads the whole site in the background, which must not slow the first visit.
// A build made with --no-service-worker removes an installed worker and its files instead.

const PRECACHE_PREFIX = "workbox-precache-";   // Workbox's precache names: PREFIX + version + scope
const ANSWER_TIMEOUT_MS = 10000;
const BLOCKED = "this browser does not let the site install its service worker here";

function show(state, text) {
  const element = document.querySelector('[data-testid="offline-status"]');
  if (!element) return;
  element.dataset.state = state;
  element.textContent = text;
  element.hidden = false;
}

function activated(worker) {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (worker.state === "activated") resolve();
      else if (worker.state === "redundant") reject(new Error("the browser could not store every file"));
    };
    worker.addEventListener("statechange", check);
    check();
  });
}

// Every URL this page needs: when the active worker holds them all, the page works offline.
function neededUrls(config) {
  const runtime = window.__exercisePage.runtime;
  const absolute = (url) => new URL(url, location.href).href;
  return [
    absolute(`${config.slug}.html`),
    absolute(config.workerUrl),
    ...[...document.querySelectorAll("script[src], link[rel=stylesheet]")]
      .map((node) => node.getAttribute("src") ? /** @type {HTMLScriptElement} */ (node).src : /** @type {HTMLLinkElement} */ (node).href),
    ...["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip"].map((name) => runtime.pyodideDir + name),
    runtime.numpyWheel, ...runtime.testWheels, ...(runtime.packageWheels || []), runtime.dataUrl, runtime.runtimeUrl,
    // Loaded only when a plot is first shown, but needed offline all the same.
    ...(config.sweeps && config.sweeps.length ? [absolute(config.plotUrl), absolute(config.plotCss)] : []),
  ];
}

function ask(worker, urls) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve({ ok: false, error: "the service worker did not answer" }), ANSWER_TIMEOUT_MS);
    channel.port1.onmessage = (event) => { clearTimeout(timer); resolve(event.data); };
    worker.postMessage({ type: "covers", urls }, [channel.port2]);
  });
}

async function saveForOffline(config) {
  const registration = await navigator.serviceWorker.register(config.serviceWorker);
  // A test harness that blocks service workers (Playwright's service_workers="block") answers
  // with nothing; a browser that refuses one rejects, with its own words (the catch below).
  if (!registration) {
    show("failed", `Not saved for offline use: ${BLOCKED}`);
    return;
  }
  const urls = neededUrls(config);
  // An active worker may still be activating, deleting the previous build's files: it has
  // this build's files then, but the site is not saved until that is over.
  const active = registration.active;
  if (active && (await activated(active).then(() => true, () => false)) && (await ask(active, urls)).ok) {
    show("ready", "Available offline");
    return;
  }
  show("saving", "Saving the site for offline use…");
  // register() does not look for a new build when a worker is installed already; update()
  // does, and returns once the worker it finds (or the first one) has been installed.
  try { await registration.update(); } catch { /* no network: the installed worker stays */ }
  const newest = registration.installing || registration.waiting || registration.active;
  await activated(newest);
  const answer = await ask(registration.active, urls);
  if (answer.ok) show("ready", "Available offline");
  else show("failed", `Not saved for offline use: ${answer.error || "this page's files are not all stored"}`);
}

async function removeServiceWorker() {
  const scope = new URL(".", location.href).href;
  const registration = await navigator.serviceWorker.getRegistration(scope);
  if (registration && registration.scope === scope) await registration.unregister();
  for (const name of await caches.keys()) {
    if (name.startsWith(PRECACHE_PREFIX) && name.endsWith(scope)) await caches.delete(name);
  }
}

/**
 * Register the service worker once `pythonReady` (a Promise the page's runtime client
 * resolves) has resolved, or remove it when the build opts out.
 */
export function setUpOffline(config, pythonReady) {
  if (!("serviceWorker" in navigator)) return;
  if (!config.serviceWorker) {
    removeServiceWorker().catch(() => { /* nothing installed, or storage blocked */ });
    return;
  }
  pythonReady
    .then(() => saveForOffline(config))
    .catch((error) => show("failed", `Not saved for offline use: ${(error && error.message) || error}`));
}
