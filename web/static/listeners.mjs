// Listeners by event name, for an object that tells a page what happens (runtime_client.mjs).
// A page swapped in place (page_swap.mjs) must stop hearing the client it shares with the
// next page, so a listener may come with an AbortSignal that removes it.

export class Listeners {
  /** `events`: the names that may be listened to; any other name throws. */
  constructor(events) {
    this.byEvent = Object.fromEntries(events.map((event) => [event, []]));
  }

  /** Call `listener` on every `event` until `signal` (an AbortSignal, optional) aborts. */
  add(event, listener, signal = null) {
    this.byEvent[event].push(listener);
    signal?.addEventListener("abort", () => {
      this.byEvent[event] = this.byEvent[event].filter((known) => known !== listener);
    }, { once: true });
  }

  /** Call the listeners of `event` with `args`, in the order they were added. */
  emit(event, ...args) {
    for (const listener of this.byEvent[event]) listener(...args);
  }
}
