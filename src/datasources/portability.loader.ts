import DataLoader from "dataloader";
import type { CheckResult } from "../domain/check-result.js";
import { toE164 } from "./e164.js";
import type { CheckRequest } from "./twilio-portability-client.js";

export interface PortabilityChecker {
  check(request: CheckRequest): Promise<CheckResult>;
}

export type PortabilityLoader = DataLoader<CheckRequest, CheckResult, string>;

/**
 * One loader per GraphQL request: repeated (number, target, address) keys in a request share one
 * upstream call and one result object. Never shared across requests, so a transient failure is not
 * served to the next caller, and results never cross credentials or targets.
 */
export function createPortabilityLoader(checker: PortabilityChecker, onDeduplicated: () => void = () => {}): PortabilityLoader {
  return new DataLoader<CheckRequest, CheckResult, string>(
    // check() answers every way a check can end; only a bug rejects, and then only that key fails
    // (DataLoader takes an Error as one key's failure), not every number loaded beside it.
    (requests) => Promise.all(requests.map((request) => checker.check(request).catch(asError))),
    { cacheKeyFn: checkKey, cacheMap: new CountingCache(onDeduplicated), maxBatchSize: Number.POSITIVE_INFINITY },
  );
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
 * Whitespace around a valid number does not make it another number (an invalid one is echoed as
 * given, so it keys as given). The number goes last: validated SIDs hold no "|", so keys cannot collide.
 */
export function checkKey(request: CheckRequest): string {
  const number = toE164(request.phoneNumber) ?? request.phoneNumber;
  return `${request.targetAccountSid ?? ""}|${request.addressSid ?? ""}|${number}`;
}
