import DataLoader from "dataloader";
import type { CheckResult } from "../domain/check-result.js";
import type { PortabilityChecker } from "../checker/portability-checker.js";
import type { Ticket } from "../scheduler/upstream-scheduler.js";
import { toE164 } from "./e164.js";
import type { CheckRequest } from "./twilio-portability-client.js";

export type PortabilityLoader = DataLoader<CheckRequest, CheckResult, string>;

/**
 * One loader per GraphQL request: repeated (number, target, address) keys in a request share one
 * upstream call and one result object. Never shared across requests, so a transient failure is not
 * served to the next caller, and results never cross credentials or targets.
 */
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
  return new DataLoader<CheckRequest, CheckResult, string>((requests) => checkAll(checker, requests, options), {
    cacheKeyFn: checkKey,
    cacheMap: new CountingCache(options.onDeduplicated ?? (() => {})),
    maxBatchSize: Number.POSITIVE_INFINITY,
  });
}

/**
 * `width` workers take the keys in turn; results keep the keys' order. check() answers every way a
 * check can end (a stopped request's checks end at once); only a bug rejects, and then only that key
 * fails (DataLoader takes an Error as one key's failure), not every number loaded beside it.
 */
async function checkAll(checker: PortabilityChecker, requests: readonly CheckRequest[], options: PortabilityLoaderOptions): Promise<Array<CheckResult | Error>> {
  const results = new Array<CheckResult | Error>(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      results[index] = await checker.check(requests[index]!, options.ticket).catch(asError);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.width, requests.length) }, worker));
  return results;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** DataLoader asks its cache on every load: a hit is an upstream call saved. */
class CountingCache<V> extends Map<string, V> {
  constructor(private readonly onHit: () => void) {
    super();
  }

  override get(key: string): V | undefined {
    const value = super.get(key);
    if (value !== undefined) this.onHit();
    return value;
  }
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
