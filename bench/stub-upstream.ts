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
}

export interface StubUpstream {
  readonly url: string;
  setLatency(latencyMs: number): void;
  reset(): void;
  stats(): StubStats;
  close(): Promise<void>;
}

const PREFIX = "/v1/Porting/Portability/PhoneNumber/";

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
 */
export async function startStubUpstream(initialLatencyMs = 0): Promise<StubUpstream> {
  let latencyMs = initialLatencyMs;
  let calls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let badRequests = 0;
  const seen = new Set<string>();

  function answer(response: ServerResponse, status: number, body: string): void {
    response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    calls++;
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
    reset() {
      calls = 0;
      maxInFlight = inFlight;
      badRequests = 0;
      seen.clear();
    },
    stats: () => ({ calls, distinct: seen.size, maxInFlight, badRequests }),
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
