// Every boot of a spare Python ends (runtime_client.mjs): in "ready", in a failure that
// would only recur (another build's files: the page says to reload), or in a failure that
// may pass, a network gone or a boot that stalled (loadPyodide can wait forever on a request
// the network dropped), which is said and tried again when the network is back. With no
// service worker (an LMS package, a private window, a `no-cache` host) every spare downloads
// the runtime again, so one offline moment must not end every later run. Pure timing and
// texts, tested with short bounds in tests/js/runtime_boot.test.mjs.

/** Seconds a booting spare may go without a word before it counts as stuck. Its longest
 *  silent step, starting Python, downloads and compiles about 10 MB. */
export const BOOT_SILENCE_S = 180;
const FIRST_RETRY_S = 5;
const LAST_RETRY_S = 60;

/** Seconds before retry number `attempt` (1, 2, ...): 5, 10, 20, 40, then every 60. */
export function retryDelay(attempt) {
  return Math.min(LAST_RETRY_S, FIRST_RETRY_S * 2 ** Math.max(0, attempt - 1));
}

/** What a stalled boot says. */
export function stalledText(seconds) {
  return `Python did not finish loading within ${seconds} s (is the network down or very slow?)`;
}

/** What the status says, and every job asked meanwhile answers, while a boot waits to retry. */
export function retryText(why, seconds) {
  return `Could not start Python: ${why}. Trying again when the network is back (or in ${seconds} s).`;
}

/** The browser's network events; `whenOnline(callback)` calls it once, at the next `online`. */
export const BROWSER_NETWORK = {
  whenOnline(callback) {
    if (typeof globalThis.addEventListener === "function") globalThis.addEventListener("online", callback, { once: true });
  },
};

/**
 * The retries of a client's boots: `schedule(retry)` calls `retry` once, at the next `online`
 * event or after the backoff delay, whichever comes first; `waiting` meanwhile. `reset()` after
 * a boot that ended in ready.
 */
export class BootRetry {
  constructor(network = BROWSER_NETWORK) {
    this.network = network;
    this.attempt = 0;
    this.timer = null;
    this.waiting = false;
  }

  /** Schedule the next try; returns its delay in seconds. */
  schedule(retry) {
    this.attempt += 1;
    const seconds = retryDelay(this.attempt);
    this.waiting = true;
    const fire = () => {
      if (!this.waiting) return;
      this.waiting = false;
      clearTimeout(this.timer);
      retry();
    };
    this.timer = setTimeout(fire, seconds * 1000);
    // In Node (the unit tests) a timer is an object; unref'd, a pending retry keeps nothing alive.
    /** @type {any} */ (this.timer)?.unref?.();
    this.network.whenOnline(fire);
    return seconds;
  }

  reset() {
    clearTimeout(this.timer);
    this.waiting = false;
    this.attempt = 0;
  }
}
