import type { CheckResult } from "../domain/check-result.js";
import type { PortabilityChecker } from "../checker/portability-checker.js";
import type { Ticket } from "../scheduler/upstream-scheduler.js";
import { holdTightHeap, LARGE_LIST } from "../runtime/heap-growth.js";
import { toE164 } from "./e164.js";
import type { CheckRequest } from "./twilio-portability-client.js";

/**
 * One loader per GraphQL request: repeated (number, target, address, maxAge) keys in a request share
 * one check and one result object, across the request's fields and within a list. Never shared
 * across requests, so a transient failure is not served to the next caller, and results never cross
 * credentials or targets.
 */
export interface PortabilityLoader {
  /**
   * The results for a list, in its order: one promise for the whole list, none per number. A single
   * number is a list of one (check-numbers.ts serves both fields).
   */
  loadAll(requests: readonly CheckRequest[]): Promise<CheckResult[]>;
}

export interface PortabilityLoaderOptions {
  /** Who is asking and for which request: every check of this loader carries it to the scheduler. */
  readonly ticket: Ticket;
  /**
   * Checks of one request started at a time. The scheduler bounds what is in flight upstream and
   * orders the waiting fairly; this bounds what one request keeps waiting there, so a 10,000-number
   * batch does not hold 10,000 pending check chains (their closures and promises) in memory at once.
   */
  readonly width: number;
  readonly onDeduplicated?: () => void;
}

export function createPortabilityLoader(checker: PortabilityChecker, options: PortabilityLoaderOptions): PortabilityLoader {
  return new RequestLoader(checker, options);
}

/** One distinct key of the request: checked once, read by every load of it. */
interface Slot {
  readonly request: CheckRequest;
  /** The check's result; an Error only if check() threw, which is a bug (check() answers every way a check ends). */
  outcome: CheckResult | Error | undefined;
  /** Called once, when the outcome is in. */
  waiters: Array<() => void> | undefined;
}

/**
 * A key's first load queues its check; `width` workers take the queue in order, starting at once (in
 * the resolver's own turn), so every check a request asks for in one go starts together. Why not
 * DataLoader (which this was): it keeps a promise, its two resolving functions and a callback record
 * per key until the whole list resolves, and a list's Promise.all adds a closure and a reaction per
 * number: ~1.1 kB live per number of a 10,000-number batch, promoted to the old generation and the
 * batch's peak RSS. A slot and one promise per list do the same.
 */
class RequestLoader implements PortabilityLoader {
  private readonly slots = new Map<string, Slot>();
  private readonly queue: Array<Slot | undefined> = [];
  private next = 0;
  private workers = 0;

  constructor(
    private readonly checker: PortabilityChecker,
    private readonly options: PortabilityLoaderOptions,
  ) {}

  loadAll(requests: readonly CheckRequest[]): Promise<CheckResult[]> {
    const known = this.slots.size;
    const slots = requests.map((request) => this.slotFor(request));
    let pending = 0;
    for (const slot of slots) if (slot.outcome === undefined) pending += 1;
    if (pending === 0) return resultsOf(slots);
    // The checks of a large list are what a big batch's memory is made of (runtime/heap-growth.ts).
    const release = this.slots.size - known >= LARGE_LIST ? holdTightHeap() : undefined;
    return new Promise<CheckResult[]>((resolve, reject) => {
      const settled = () => {
        pending -= 1;
        if (pending > 0) return;
        release?.();
        resultsOf(slots).then(resolve, reject);
      };
      for (const slot of slots) if (slot.outcome === undefined) wait(slot, settled);
    });
  }

  private slotFor(request: CheckRequest): Slot {
    const key = checkKey(request);
    const known = this.slots.get(key);
    if (known !== undefined) {
      this.options.onDeduplicated?.();
      return known;
    }
    const slot: Slot = { request, outcome: undefined, waiters: undefined };
    this.slots.set(key, slot);
    this.queue.push(slot);
    if (this.workers < this.options.width) {
      this.workers += 1;
      void this.work();
    }
    return slot;
  }

  private async work(): Promise<void> {
    while (this.next < this.queue.length) {
      const slot = this.queue[this.next]!;
      // Let the queue forget what is taken: a batch's slots stay reachable from its list alone.
      this.queue[this.next++] = undefined;
      slot.outcome = await this.checker.check(slot.request, this.options.ticket).catch(asError);
      const waiters = slot.waiters;
      slot.waiters = undefined;
      if (waiters !== undefined) for (const waiter of waiters) waiter();
    }
    this.queue.length = 0;
    this.next = 0;
    this.workers -= 1;
  }
}

function wait(slot: Slot, waiter: () => void): void {
  (slot.waiters ??= []).push(waiter);
}

/** Every slot's result in order; the first Error rejects (a bug in check(), as one key's load did). */
function resultsOf(slots: readonly Slot[]): Promise<CheckResult[]> {
  const results = new Array<CheckResult>(slots.length);
  for (let index = 0; index < slots.length; index++) {
    const outcome = slots[index]!.outcome!;
    if (outcome instanceof Error) return Promise.reject(outcome);
    results[index] = outcome;
  }
  return Promise.resolve(results);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Whitespace around a valid number, or a national spelling of it with defaultCountry, does not make
 * it another number: keys hold the E.164 number toE164 reads (an invalid one is echoed as given, so
 * it keys as given). An alias asking with another maxAge asks another question. The number
 * goes last: validated SIDs and integers hold no "|", so keys cannot collide.
 */
export function checkKey(request: CheckRequest): string {
  const number = toE164(request.phoneNumber, request.defaultCountry ?? null) ?? request.phoneNumber;
  return `${request.targetAccountSid ?? ""}|${request.addressSid ?? ""}|${request.maxAgeSeconds ?? ""}|${number}`;
}
