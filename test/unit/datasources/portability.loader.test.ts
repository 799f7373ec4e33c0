import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { CheckResult, PortabilityAnswer } from "../../../src/domain/check-result.js";
import { NumberType } from "../../../src/domain/number-type.js";
import { CheckErrorCode } from "../../../src/domain/check-error-code.js";
import type { PortabilityChecker } from "../../../src/checker/portability-checker.js";
import { checkKey, createPortabilityLoader, type PortabilityLoader } from "../../../src/datasources/portability.loader.js";
import type { Ticket } from "../../../src/scheduler/upstream-scheduler.js";
import type { CheckRequest } from "../../../src/datasources/twilio-portability-client.js";
import { expectedFailure } from "./expected-results.js";
import { LARGE_LIST, tightHeapHolds } from "../../../src/runtime/heap-growth.js";

/** One number's load, as the single-number field makes it: a list of one. */
const one = (loader: PortabilityLoader, request: CheckRequest) => loader.loadAll([request]).then(([result]) => result!);

/** Every loader here is one request's. */
const TICKET: Ticket = { caller: "unit", group: {}, priority: "interactive", signal: new AbortController().signal };

/** Wider than any batch here, so every check of a batch starts in the same tick. */
const WIDE = 10_000;
const TARGET = `AC${"a".repeat(32)}`;
const OTHER_TARGET = `AC${"b".repeat(32)}`;
const ADDRESS = `AD${"c".repeat(32)}`;

const req = (phoneNumber: string, targetAccountSid: string | null = null, addressSid: string | null = null): CheckRequest => ({
  phoneNumber,
  targetAccountSid,
  addressSid,
});

/** A result naming the request it answers, so tests can tell which check produced it. */
function resultFor(request: CheckRequest): PortabilityAnswer {
  return {
    __typename: "Portability",
    phoneNumber: request.phoneNumber.trim(),
    accountSid: request.targetAccountSid,
    portable: true,
    pinAndAccountNumberRequired: false,
    notPortableReason: null,
    notPortableReasonCode: null,
    numberType: NumberType.LOCAL,
    country: null,
    checkedAt: 0,
    url: request.addressSid,
  };
}

/**
 * A checker recording what it was asked, grouped into batches: the checks of one dispatched batch are
 * all started synchronously, so a group closes at the next microtask.
 */
function recordingChecker(answer: (request: CheckRequest) => CheckResult = resultFor) {
  const batches: CheckRequest[][] = [];
  let open: CheckRequest[] | null = null;
  const checker: PortabilityChecker = {
    check(request: CheckRequest) {
      if (open === null) {
        const batch: CheckRequest[] = [];
        open = batch;
        batches.push(batch);
        queueMicrotask(() => (open = null));
      }
      open.push(request);
      return Promise.resolve(answer(request));
    },
  };
  return { checker, batches };
}

describe("createPortabilityLoader", () => {
  it("holds the tight heap growth while a large list's checks run, and only a list of that many distinct numbers", async () => {
    const pending: Array<() => void> = [];
    const checker: PortabilityChecker = {
      check: (request) => new Promise((resolve) => pending.push(() => resolve(resultFor(request)))),
    };
    const numbers = (count: number, from = 0) => Array.from({ length: count }, (_, i) => req(`+1415${String(from + i).padStart(7, "0")}`));
    const settle = async <T>(list: Promise<T>) => {
      while (pending.length > 0) {
        for (const resolve of pending.splice(0)) resolve();
        await Promise.resolve();
      }
      return list;
    };

    const below = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE }).loadAll(numbers(LARGE_LIST - 1));
    // As many numbers as a large list, but repeats: LARGE_LIST - 1 distinct.
    const repeats = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE }).loadAll([...numbers(LARGE_LIST - 1, 5_000), req("+14150005000")]);
    expect(tightHeapHolds()).toBe(0);
    await settle(Promise.all([below, repeats]));

    const large = createPortabilityLoader(checker, { ticket: TICKET, width: 50 }).loadAll(numbers(LARGE_LIST, 10_000));
    expect(tightHeapHolds()).toBe(1);
    pending.splice(0, 1)[0]!();
    await Promise.resolve();
    expect(tightHeapHolds()).toBe(1);
    const results = await settle(large);
    expect(results).toHaveLength(LARGE_LIST);
    expect(tightHeapHolds()).toBe(0);
  });

  it("starts at most `width` checks of a batch at a time, and still answers every key in order", async () => {
    const pending: Array<() => void> = [];
    let started = 0;
    let mostPending = 0;
    const checker: PortabilityChecker = {
      check(request: CheckRequest) {
        started += 1;
        return new Promise((resolve) => {
          pending.push(() => resolve(resultFor(request)));
          mostPending = Math.max(mostPending, pending.length);
        });
      },
    };
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: 2 });
    const numbers = ["+14155550101", "+14155550102", "+14155550103", "+14155550104", "+14155550105"];
    const loading = loader.loadAll(numbers.map((number) => req(number)));
    for (let round = 0; round < 10 && started < numbers.length + 1; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(pending.length).toBeLessThanOrEqual(2);
      pending.shift()?.();
    }
    while (pending.length > 0) pending.shift()!();
    const results = await loading;
    expect(results.map((result) => (result as CheckResult).phoneNumber)).toEqual(numbers);
    expect(mostPending).toBe(2);
    expect(started).toBe(5);
  });

  it("dispatches loads made in one tick as one batch, in call order", async () => {
    const { checker, batches } = recordingChecker();
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    await Promise.all([one(loader, req("+14155550101")), one(loader, req("+14155550102")), one(loader, req("+14155550103"))]);
    expect(batches).toEqual([[req("+14155550101"), req("+14155550102"), req("+14155550103")]]);
  });

  it("dispatches loads made after the first batch resolved as a second batch", async () => {
    const { checker, batches } = recordingChecker();
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    const first = Promise.all([one(loader, req("+14155550101")), one(loader, req("+14155550102"))]);
    await first;
    await one(loader, req("+14155550103"));
    expect(batches).toEqual([[req("+14155550101"), req("+14155550102")], [req("+14155550103")]]);
  });

  it("dispatches a load made from a macrotask later as its own batch", async () => {
    const { checker, batches } = recordingChecker();
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    const a = one(loader, req("+14155550101"));
    const b = new Promise<CheckResult>((resolve) => setTimeout(() => resolve(one(loader, req("+14155550102"))), 0));
    await Promise.all([a, b]);
    expect(batches).toEqual([[req("+14155550101")], [req("+14155550102")]]);
  });

  it("starts all 2,500 distinct checks of one tick together, none waiting for another", async () => {
    const { checker, batches } = recordingChecker();
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    const numbers = Array.from({ length: 2500 }, (_, i) => `+1415555${String(i).padStart(4, "0")}`);
    await Promise.all(numbers.map((n) => one(loader, req(n))));
    expect(batches.map((batch) => batch.length)).toEqual([2500]);
  });

  it("checks a number asked twice once, and returns the identical object for both", async () => {
    const { checker, batches } = recordingChecker();
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    const [first, second] = await Promise.all([one(loader, req("+14155550101")), one(loader, req("+14155550101"))]);
    expect(batches).toEqual([[req("+14155550101")]]);
    expect(first).toBe(second);
    expect(first).toEqual(resultFor(req("+14155550101")));
  });

  it("checks a valid number once however much whitespace surrounds it, with the first spelling", async () => {
    const { checker, batches } = recordingChecker();
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    const results = await loader.loadAll([req(" +14155550101"), req("+14155550101\t"), req("+14155550101")]);
    expect(batches).toEqual([[req(" +14155550101")]]);
    expect(results[1]).toBe(results[0]);
    expect(results[2]).toBe(results[0]);
  });

  it("reports each load served by an earlier load of the same key as one deduplicated call", async () => {
    const { checker, batches } = recordingChecker();
    let deduplicated = 0;
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE, onDeduplicated: () => (deduplicated += 1) });
    await loader.loadAll([req("+14155550101"), req("+14155550102"), req(" +14155550101"), req("+14155550101"), req("+14155550101", TARGET)]);
    expect(batches).toEqual([[req("+14155550101"), req("+14155550102"), req("+14155550101", TARGET)]]);
    expect(deduplicated).toBe(2);
    await one(loader, req("+14155550102"));
    expect(deduplicated).toBe(3);
  });

  it("checks a national spelling with defaultCountry and its E.164 form once, with the first spelling", async () => {
    const { checker, batches } = recordingChecker();
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    const national = { ...req("(415) 555-0101"), defaultCountry: "US" };
    const results = await loader.loadAll([national, req("+14155550101"), { ...req("415.555.0101"), defaultCountry: "US" }]);
    expect(batches).toEqual([[national]]);
    expect(results[1]).toBe(results[0]);
    expect(results[2]).toBe(results[0]);
  });

  it("keys an invalid number as given: two spellings are two checks", async () => {
    const { checker, batches } = recordingChecker();
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    await loader.loadAll([req("4155550101"), req(" 4155550101"), req("4155550101")]);
    expect(batches).toEqual([[req("4155550101"), req(" 4155550101")]]);
  });

  it("checks the same number separately for each target account and address", async () => {
    const { checker, batches } = recordingChecker();
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    const n = "+14155550101";
    const keys = [req(n), req(n, TARGET), req(n, OTHER_TARGET), req(n, null, ADDRESS), req(n, TARGET, ADDRESS), req(n, TARGET)];
    const results = await loader.loadAll(keys);
    expect(batches).toEqual([[req(n), req(n, TARGET), req(n, OTHER_TARGET), req(n, null, ADDRESS), req(n, TARGET, ADDRESS)]]);
    expect(results).toEqual(keys.map(resultFor));
    expect(results[5]).toBe(results[1]);
  });

  it("returns results in input order, each the result of its own key", async () => {
    const { checker } = recordingChecker();
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    const numbers = ["+14155550103", "+14155550101", "+14155550103", "+14155550102", "+14155550101"];
    const results = await Promise.all(numbers.map((n) => one(loader, req(n))));
    expect(results.map((r) => r.phoneNumber)).toEqual(numbers);
    expect(results[2]).toBe(results[0]);
    expect(results[4]).toBe(results[1]);
  });

  it("keeps a failure result to its own key", async () => {
    const failing = "+14155550102";
    const { checker } = recordingChecker((request) =>
      request.phoneNumber === failing ? expectedFailure(CheckErrorCode.UPSTREAM_TIMEOUT, failing, null) : resultFor(request),
    );
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    const results = await loader.loadAll([req("+14155550101"), req(failing), req("+14155550103")]);
    expect(results).toEqual([
      resultFor(req("+14155550101")),
      expectedFailure(CheckErrorCode.UPSTREAM_TIMEOUT, failing, null),
      resultFor(req("+14155550103")),
    ]);
  });

  it("serves a repeated key from its cache within one loader, never asking twice", async () => {
    const { checker, batches } = recordingChecker();
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    const first = await one(loader, req("+14155550101"));
    const again = await one(loader, req("+14155550101 "));
    expect(again).toBe(first);
    expect(batches).toEqual([[req("+14155550101")]]);
  });

  it("shares one check between a single load and a list asking the same number, in flight or done", async () => {
    const { checker, batches } = recordingChecker();
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    const single = one(loader, req("+14155550102"));
    const list = loader.loadAll([req("+14155550101"), req("+14155550102")]);
    const [alone, many] = await Promise.all([single, list]);
    expect(many[1]).toBe(alone);
    const later = await loader.loadAll([req("+14155550102"), req("+14155550101")]);
    expect(later).toEqual([many[1], many[0]]);
    expect(later[0]).toBe(alone);
    expect(batches).toEqual([[req("+14155550102"), req("+14155550101")]]);
  });

  it("a checker that throws (a bug) fails the loads of that key and every list holding it, nothing else", async () => {
    const broken = "+14155550102";
    const checker: PortabilityChecker = {
      check: (request) => (request.phoneNumber === broken ? Promise.reject(new Error("bug")) : Promise.resolve(resultFor(request))),
    };
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    await expect(loader.loadAll([req("+14155550101"), req(broken)])).rejects.toThrow("bug");
    await expect(one(loader, req(broken))).rejects.toThrow("bug");
    await expect(one(loader, req("+14155550101"))).resolves.toEqual(resultFor(req("+14155550101")));
    await expect(loader.loadAll([req("+14155550103")])).resolves.toEqual([resultFor(req("+14155550103"))]);
  });

  it("answers an empty list with an empty list, checking nothing", async () => {
    const { checker, batches } = recordingChecker();
    const loader = createPortabilityLoader(checker, { ticket: TICKET, width: WIDE });
    await expect(loader.loadAll([])).resolves.toEqual([]);
    expect(batches).toEqual([]);
  });

  it("shares nothing between two loaders (one per GraphQL request)", async () => {
    const { checker, batches } = recordingChecker();
    await one(createPortabilityLoader(checker, { ticket: TICKET, width: WIDE }), req("+14155550101"));
    await one(createPortabilityLoader(checker, { ticket: TICKET, width: WIDE }), req("+14155550101"));
    expect(batches).toEqual([[req("+14155550101")], [req("+14155550101")]]);
  });
});

describe("checkKey", () => {
  it.each([
    [req("+14155550101"), "|||+14155550101"],
    [req("  +14155550101 "), "|||+14155550101"],
    [req("+14155550101", TARGET), `${TARGET}|||+14155550101`],
    [req("+14155550101", null, ADDRESS), `|${ADDRESS}||+14155550101`],
    [req("+14155550101", TARGET, ADDRESS), `${TARGET}|${ADDRESS}||+14155550101`],
    [{ ...req("+14155550101"), maxAgeSeconds: 0 }, "||0|+14155550101"],
    [req(" 4155550101"), "||| 4155550101"],
    [{ ...req("(415) 555-0101"), defaultCountry: "US" }, "|||+14155550101"],
    [{ ...req("(415) 555-0101"), defaultCountry: null }, "|||(415) 555-0101"],
    [{ ...req("+14155550101"), defaultCountry: "GB" }, "|||+14155550101"],
  ])("keys %j as %j", (request, key) => {
    expect(checkKey(request)).toBe(key);
  });

  it("gives distinct keys to requests that differ after trimming valid numbers, whatever the number holds", () => {
    // Small pools so equal keys, near-equal keys and separators in numbers all come up often.
    const number = fc.oneof(
      fc.constantFrom("+14155550101", " +14155550101", "+14155550101\t", "|+14155550101", "4155550101", " 4155550101", "", "|", "a|b"),
      fc.string(),
    );
    const request = fc.record({
      phoneNumber: number,
      targetAccountSid: fc.constantFrom(null, TARGET, OTHER_TARGET),
      addressSid: fc.constantFrom(null, ADDRESS, `AD${"d".repeat(32)}`),
    });
    const normal = (r: CheckRequest) => {
      const trimmed = r.phoneNumber.trim();
      return JSON.stringify([/^\+[1-9]\d{1,14}$/.test(trimmed) ? trimmed : r.phoneNumber, r.targetAccountSid, r.addressSid]);
    };
    fc.assert(
      fc.property(request, request, (a, b) => (checkKey(a) === checkKey(b)) === (normal(a) === normal(b))),
      { numRuns: 3000 },
    );
  });

  it("does not collide when a number holds the separator", () => {
    expect(checkKey(req("|+14155550101"))).not.toBe(checkKey(req("+14155550101")));
    expect(checkKey(req(`${ADDRESS}|x`))).not.toBe(checkKey(req("x", null, ADDRESS)));
  });
});
