/** The signal's listeners, and the one EventTarget listener that calls them. */
const listenersBySignal = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `listener` once when `signal` aborts (at once if it already has); the returned function
 * unsubscribes it. A function subscribed twice to one signal is called once, as with addEventListener.
 *
 * Why not addEventListener: one request's signal is listened to by every check it has waiting for a
 * slot, joined to another request's call or in flight, up to a whole batch at once, and Node's
 * EventTarget walks its list of listeners on every add (to refuse a duplicate) and every remove. A
 * 1,000-number batch spent 6 % of its CPU there. Here each signal carries one EventTarget listener
 * that calls a Set: adding and removing are O(1), and the order is still the order of subscribing.
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  if (signal.aborted) {
    listener();
    return unsubscribed;
  }
  let listeners = listenersBySignal.get(signal);
  if (listeners === undefined) {
    const created = new Set<() => void>();
    listeners = created;
    listenersBySignal.set(signal, created);
    signal.addEventListener(
      "abort",
      () => {
        listenersBySignal.delete(signal);
        for (const each of created) each();
        created.clear();
      },
      { once: true },
    );
  }
  listeners.add(listener);
  const subscribed = listeners;
  return () => {
    subscribed.delete(listener);
  };
}

function unsubscribed(): void {}
