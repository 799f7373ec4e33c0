/**
 * Which queue a waiting attempt belongs to. `interactive` is a GraphQL request someone is waiting on;
 * `bulk` (jobs) is served only when no interactive attempt waits, so a job never delays a frontend
 * by more than the attempts already in flight.
 */
export type Priority = "interactive" | "bulk";

export const PRIORITIES: readonly Priority[] = ["interactive", "bulk"];

/** One attempt waiting for an upstream slot. `caller` and `group` are compared by identity. */
export interface Waiter {
  readonly caller: string;
  /** The GraphQL request (or job) the attempt belongs to. */
  readonly group: object;
  readonly priority: Priority;
}

/**
 * Waiters served round-robin across callers and, within a caller, across its groups: a caller with
 * ten 1,000-number requests queued and a caller with one single check take turns, slot by slot, so
 * the single check waits about one turn, not behind ten thousand attempts.
 *
 * Why our own: fair queueing by two keys with group removal is ~80 lines; no kept library
 * (cockatiel's bulkhead, p-queue, bottleneck) orders by caller and request. Maps keep insertion
 * order, so "serve the first, move it to the back" is a delete + set: O(1) per grant.
 */
export class FairQueue<W extends Waiter> {
  private readonly lanes = new Map<Priority, Map<string, Map<object, W[]>>>(PRIORITIES.map((priority) => [priority, new Map()]));
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** `front`: an attempt already under way (a retry) goes before its group's unstarted ones. */
  push(waiter: W, front = false): void {
    const callers = this.lanes.get(waiter.priority)!;
    let groups = callers.get(waiter.caller);
    if (groups === undefined) callers.set(waiter.caller, (groups = new Map()));
    let queue = groups.get(waiter.group);
    if (queue === undefined) groups.set(waiter.group, (queue = []));
    if (front) queue.unshift(waiter);
    else queue.push(waiter);
    this.count += 1;
  }

  /** The next waiter in turn, or undefined when none waits. */
  shift(): W | undefined {
    for (const priority of PRIORITIES) {
      const callers = this.lanes.get(priority)!;
      const first = callers.entries().next();
      if (first.done === true) continue;
      const [caller, groups] = first.value;
      const [group, queue] = groups.entries().next().value as [object, W[]];
      const waiter = queue.shift()!;
      // Served: this group goes behind the caller's others, and the caller behind the other callers.
      groups.delete(group);
      if (queue.length > 0) groups.set(group, queue);
      callers.delete(caller);
      if (groups.size > 0) callers.set(caller, groups);
      this.count -= 1;
      return waiter;
    }
    return undefined;
  }

  /** Takes one waiter out (its request was cancelled); false if it was not queued. */
  remove(waiter: W): boolean {
    const groups = this.lanes.get(waiter.priority)!.get(waiter.caller);
    const queue = groups?.get(waiter.group);
    const index = queue?.indexOf(waiter) ?? -1;
    if (index < 0) return false;
    queue!.splice(index, 1);
    if (queue!.length === 0) {
      groups!.delete(waiter.group);
      if (groups!.size === 0) this.lanes.get(waiter.priority)!.delete(waiter.caller);
    }
    this.count -= 1;
    return true;
  }

  /** Empties the queue, returning every waiter (an open breaker fails them all at once). */
  drain(): W[] {
    const all: W[] = [];
    for (let waiter = this.shift(); waiter !== undefined; waiter = this.shift()) all.push(waiter);
    return all;
  }
}
