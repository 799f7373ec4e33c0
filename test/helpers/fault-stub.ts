import { expect } from "vitest";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { portabilityBody, type StubReply, type StubResponder } from "./stub-twilio.js";
import { mulberry32 } from "../../src/sandbox/seeded-random.js";
import { expectedId } from "./result-id.js";

export { mulberry32 };

/**
 * A seeded fault injector for the stub Twilio. Each number's faults depend only on (seed, number,
 * attempt), never on the order requests happen to arrive in, so a test can work out beforehand exactly
 * what every check must end as and how many attempts it must take.
 */


/** FNV-1a, 32 bits: mixes a number's text into its own PRNG seed. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Fisher–Yates with a seeded PRNG: the same seed always gives the same order. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** What the stub does on one attempt. */
export type Fault = "ok" | "503" | "22135" | "reset" | "429";
export const TRANSIENT_FAULTS = ["503", "22135", "reset", "429"] as const satisfies readonly Fault[];

export interface FaultOptions {
  readonly seed: number;
  /** Probability that an attempt (outside a 429 burst) is a transient fault. */
  readonly faultRate: number;
  /**
   * A 429 starts a burst of 1..max429Run consecutive 429s for that number (default 1: no bursts).
   * Attempts inside a burst are 429 whatever the fault rate says.
   */
  readonly max429Run?: number;
}

/** The first `length` attempts of one number, as the injector will serve them. */
export function faultSequence(options: FaultOptions, phoneNumber: string, length: number): Fault[] {
  const random = mulberry32((options.seed ^ hash32(phoneNumber)) >>> 0);
  const maxRun = options.max429Run ?? 1;
  const out: Fault[] = [];
  let burstLeft = 0;
  while (out.length < length) {
    if (burstLeft > 0) {
      burstLeft -= 1;
      out.push("429");
      continue;
    }
    // Always draw both numbers, so a sequence does not shift when the fault rate changes.
    const faulted = random() < options.faultRate;
    const kind = TRANSIENT_FAULTS[Math.floor(random() * TRANSIENT_FAULTS.length)]!;
    if (!faulted) {
      out.push("ok");
      continue;
    }
    out.push(kind);
    if (kind === "429") burstLeft = Math.floor(random() * maxRun);
  }
  return out;
}

export const twilioError = (code: number, status: number, message = "Service is unavailable. Please try again") => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

/** The Twilio body for a 22135 verdict: Twilio failing, dressed as a not-portable answer. */
export const internalErrorBody = (phoneNumber: string) =>
  portabilityBody(phoneNumber, { portable: false, not_portable_reason: "ERROR_INTERNAL_SERVER_ERROR", not_portable_reason_code: 22135 });

export function replyFor(fault: Fault, phoneNumber: string): StubReply {
  switch (fault) {
    case "ok":
      return { status: 200, body: portabilityBody(phoneNumber) };
    case "503":
      return { status: 503, body: twilioError(20503, 503) };
    case "22135":
      return { status: 200, body: internalErrorBody(phoneNumber) };
    case "reset":
      return { reset: true };
    case "429":
      return { status: 429, body: twilioError(20429, 429, "Too many requests"), headers: { "retry-after": "0" } };
  }
}

export interface FaultInjector {
  /** Hand this to stub.respond(). Uses the stub's per-number attempt count, so reset the stub with it. */
  readonly responder: StubResponder;
  /** The faults that number's first `length` attempts get. */
  plan(phoneNumber: string, length: number): Fault[];
  /** How many attempts were served each fault, across all numbers. */
  servedCount(fault: Fault): number;
}

export function faultInjector(options: FaultOptions): FaultInjector {
  const served = new Map<Fault, number>();
  const plans = new Map<string, Fault[]>();
  const plan = (phoneNumber: string, length: number): Fault[] => {
    let known = plans.get(phoneNumber);
    if (known === undefined || known.length < length) {
      known = faultSequence(options, phoneNumber, Math.max(length, 16));
      plans.set(phoneNumber, known);
    }
    return known.slice(0, length);
  };
  return {
    responder: (request, attempt) => {
      const fault = plan(request.phoneNumber, attempt)[attempt - 1]!;
      served.set(fault, (served.get(fault) ?? 0) + 1);
      return replyFor(fault, request.phoneNumber);
    },
    plan,
    servedCount: (fault) => served.get(fault) ?? 0,
  };
}

export interface ExpectedCheck {
  /** Attempts the stub must see for the number. */
  readonly attempts: number;
  /** The GraphQL result the number must end as (PortabilityCheckError fields without the message). */
  readonly result: Record<string, unknown>;
  /** Whether every attempt allowed was used and each one faulted. */
  readonly exhausted: boolean;
}

/**
 * What a check of `phoneNumber` must come to when its attempts are served `faults` (deadline never
 * reached): 429s spend their own budget (`maxRateLimitRetries`), every other fault spends `maxRetries`.
 */
export function expectedCheck(faults: readonly Fault[], maxRetries: number, phoneNumber: string, maxRateLimitRetries = maxRetries): ExpectedCheck {
  let retries = 0;
  let rateLimitRetries = 0;
  for (const [index, fault] of faults.entries()) {
    if (fault === "ok") return { attempts: index + 1, result: portableResult(phoneNumber), exhausted: false };
    const spent = fault === "429" ? ++rateLimitRetries > maxRateLimitRetries : ++retries > maxRetries;
    if (spent) return { attempts: index + 1, result: finalFaultResult(fault, phoneNumber), exhausted: true };
  }
  throw new Error(`a plan of ${faults.length} faults is too short for ${maxRetries} + ${maxRateLimitRetries} retries`);
}

export function portableResult(phoneNumber: string): Record<string, unknown> {
  return {
    __typename: "Portability",
    ...checkedFor(phoneNumber),
    accountSid: null,
    portable: true,
    pinAndAccountNumberRequired: false,
    notPortableReason: null,
    notPortableReasonCode: null,
    numberType: "LOCAL",
    country: "US",
    url: `https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/${phoneNumber}`,
    nextStep: "PORT_IN",
    guidance: expect.stringContaining("can be ported"),
    helpUrl: "https://www.twilio.com/docs/phone-numbers/port-in",
  };
}

/** What every result says of its question, for a check with no target or address, given in E.164. */
function checkedFor(phoneNumber: string): Record<string, unknown> {
  return { id: expectedId(null, null, phoneNumber), input: phoneNumber, phoneNumber, targetAccountSid: null, addressSid: null };
}

function finalFaultResult(fault: Fault, phoneNumber: string): Record<string, unknown> {
  const error = (code: string, twilioErrorCode: number | null) => ({
    __typename: "PortabilityCheckError",
    ...checkedFor(phoneNumber),
    code,
    retryable: true,
    twilioErrorCode,
    nextStep: "RETRY_LATER",
  });
  switch (fault) {
    case "503":
      return error("UPSTREAM_UNAVAILABLE", 20503);
    case "reset":
      return error("UPSTREAM_UNAVAILABLE", null);
    case "429":
      return error("UPSTREAM_RATE_LIMITED", 20429);
    case "22135":
      return {
        ...portableResult(phoneNumber),
        portable: false,
        notPortableReason: "ERROR_INTERNAL_SERVER_ERROR",
        notPortableReasonCode: 22135,
        nextStep: "RETRY_LATER",
        guidance: expect.stringContaining("internal error"),
        helpUrl: "https://www.twilio.com/docs/api/errors/22135",
      };
    case "ok":
      return portableResult(phoneNumber);
  }
}

/** A loopback port nothing listens on: bound, read, released. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The app's /metrics text, from its GraphQL URL. */
export async function scrapeMetrics(graphqlUrl: string): Promise<string> {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, "/metrics"));
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

/**
 * The value of one series in Prometheus text, e.g. `portability_upstream_requests_total{status="503"}`;
 * 0 when a labelled counter was never incremented (prom-client then leaves it out).
 */
export function metricValue(text: string, series: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  if (line === undefined) {
    if (series.includes("{")) return 0;
    throw new Error(`no metric ${series}`);
  }
  return Number(line.slice(series.length + 1));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 5 ms, at most `timeoutMs`; throws if it never holds. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}
