/**
 * What a check reads of the stop of the request (or job) it belongs to. An AbortSignal is one; so is
 * RequestStop, which the GraphQL requests use.
 */
export interface StopSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
}

/**
 * A request's stop without an EventTarget: creating an AbortController per request (Node builds an
 * EventTarget for its signal) and listening on it was 2.7 % of the CPU of a single check. Nothing
 * outside the checks listens, so a Set of listeners does the same.
 */
export class RequestStop implements StopSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Set<() => void> | undefined;

  /** Marks the stop and calls every listener once, in the order they subscribed; later calls do nothing. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners !== undefined) for (const listener of listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    const listeners = (this.listeners ??= new Set());
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }
}

/** The RequestStop that stands in for an AbortSignal: one EventTarget listener per signal. */
const stopsBySignal = new WeakMap<AbortSignal, RequestStop>();

/**
 * Calls `listener` once when `signal` stops (at once if it already has); the returned function
 * unsubscribes it. A function subscribed twice to one signal is called once, as with addEventListener.
 *
 * Why not addEventListener on an AbortSignal: a job's signal is listened to by every check it has
 * waiting for a slot or in flight, and Node's EventTarget walks its list of listeners on every add
 * (to refuse a duplicate) and every remove; a 1,000-number batch spent 6 % of its CPU there when
 * requests still used AbortSignals. Here an AbortSignal gets one listener that stops a RequestStop,
 * whose Set adds and removes in O(1) and calls in the order of subscribing.
 */
export function onAbort(signal: StopSignal, listener: () => void): () => void {
  if (signal.aborted) {
    listener();
    return unsubscribed;
  }
  return (signal instanceof RequestStop ? signal : stopFor(signal as AbortSignal)).subscribe(listener);
}

function stopFor(signal: AbortSignal): RequestStop {
  let stop = stopsBySignal.get(signal);
  if (stop === undefined) {
    const created = (stop = new RequestStop());
    stopsBySignal.set(signal, created);
    signal.addEventListener("abort", () => created.abort(signal.reason), { once: true });
  }
  return stop;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it stops. */
export function pause(ms: number, signal: StopSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve();
    }, ms);
    const unsubscribe = onAbort(signal, () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

function unsubscribed(): void {}
