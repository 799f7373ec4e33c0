import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the stub saw since the last reset. */
export interface StubStats {
  readonly calls: number;
  /** Distinct phone numbers asked for. */
  readonly distinct: number;
  /** Most requests held at once. */
  readonly maxInFlight: number;
  /** Requests that were not GET /v1/Porting/Portability/PhoneNumber/<num>. */
  readonly badRequests: number;
  /** Requests answered 429 because the in-flight limit was reached (see setInFlightLimit). */
  readonly rejected: number;
}

/** An upstream rate limit the layer is not told about: over `maxInFlight` held requests, 429 at once. */
export interface InFlightLimit {
  readonly maxInFlight: number;
  /** Sent as `Retry-After` on every 429; null sends none. */
  readonly retryAfterSeconds: number | null;
}

export interface StubUpstream {
  readonly url: string;
  setLatency(latencyMs: number): void;
  /** Null: no limit (the default). */
  setInFlightLimit(limit: InFlightLimit | null): void;
  reset(): void;
  stats(): StubStats;
  close(): Promise<void>;
}

const PREFIX = "/v1/Porting/Portability/PhoneNumber/";

/** Twilio's body for error 20429, as its API sends it. */
const TOO_MANY_REQUESTS = JSON.stringify({
  code: 20429,
  message: "Too Many Requests",
  more_info: "https://www.twilio.com/docs/errors/20429",
  status: 429,
});

/** Twilio's portability body for a portable US local number. */
export function portabilityBody(phoneNumber: string): string {
  return JSON.stringify({
    phone_number: phoneNumber,
    account_sid: null,
    portable: true,
    pin_and_account_number_required: false,
    not_portable_reason: null,
    not_portable_reason_code: null,
    number_type: "LOCAL",
    country: "US",
    url: `https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/${phoneNumber}`,
  });
}

/**
 * A minimal Twilio portability endpoint on 127.0.0.1:0: every number is portable, every answer waits
 * a fixed latency (a plain setTimeout; none at 0), and calls, distinct numbers and the maximum in
 * flight are counted. It does no auth and no validation, so its own cost is as small as possible.
 * With an in-flight limit set it plays an upstream whose rate limit the layer does not know: a
 * request arriving while `maxInFlight` are held gets Twilio's 20429 at once and is not held.
 */
export async function startStubUpstream(initialLatencyMs = 0): Promise<StubUpstream> {
  let latencyMs = initialLatencyMs;
  let calls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let badRequests = 0;
  let rejected = 0;
  let limit: InFlightLimit | null = null;
  const seen = new Set<string>();

  function answer(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
    response.end(body);
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    calls++;
    if (limit !== null && inFlight >= limit.maxInFlight) {
      rejected++;
      request.resume();
      answer(response, 429, TOO_MANY_REQUESTS, limit.retryAfterSeconds === null ? {} : { "retry-after": String(limit.retryAfterSeconds) });
      return;
    }
    inFlight++;
    if (inFlight > maxInFlight) maxInFlight = inFlight;
    response.once("close", () => inFlight--);

    const path = (request.url ?? "/").split("?", 1)[0]!;
    const phoneNumber = request.method === "GET" && path.startsWith(PREFIX) ? safeDecode(path.slice(PREFIX.length)) : "";
    if (phoneNumber === "") {
      badRequests++;
      answer(response, 404, JSON.stringify({ code: 20404, message: "not found", status: 404 }));
      return;
    }
    seen.add(phoneNumber);
    const body = portabilityBody(phoneNumber);
    if (latencyMs === 0) answer(response, 200, body);
    else setTimeout(answer, latencyMs, response, 200, body);
  }

  const server = createServer({ keepAliveTimeout: 30_000 }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setLatency(next) {
      latencyMs = next;
    },
    setInFlightLimit(next) {
      limit = next;
    },
    reset() {
      calls = 0;
      maxInFlight = inFlight;
      badRequests = 0;
      rejected = 0;
      seen.clear();
    },
    stats: () => ({ calls, distinct: seen.size, maxInFlight, badRequests, rejected }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}
