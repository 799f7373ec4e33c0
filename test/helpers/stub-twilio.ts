import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What the stub saw of one request, exactly as it arrived. */
export interface ReceivedRequest {
  readonly method: string;
  /** Raw path, still percent-encoded. */
  readonly path: string;
  /** Decoded phone number segment. */
  readonly phoneNumber: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
}

/**
 * How the stub answers one request: a response (after `delayMs`, if given), a hang (never answers), or
 * a connection reset.
 */
export type StubReply =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string>; readonly delayMs?: number }
  | { readonly hang: true }
  | { readonly reset: true };

export type StubResponder = (request: ReceivedRequest, attempt: number) => StubReply | Promise<StubReply>;

export interface StubTwilio {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** When each of `received` arrived (performance.now(), ms), index for index. */
  readonly arrivedAt: number[];
  /** Most requests the stub held at once. */
  readonly maxInFlight: number;
  /** Requests the stub holds right now (a hang is not counted once it is parked). */
  readonly inFlight: number;
  /** Requests for each phone number, counted as they arrive. */
  attemptsFor(phoneNumber: string): number;
  respond(responder: StubResponder): void;
  reset(): void;
  close(): Promise<void>;
}

/** A Twilio portability body for `phoneNumber`, as Twilio spells it. */
export function portabilityBody(phoneNumber: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    phone_number: phoneNumber,
    account_sid: null,
    portable: true,
    pin_and_account_number_required: false,
    not_portable_reason: null,
    not_portable_reason_code: null,
    number_type: "LOCAL",
    country: "US",
    url: `https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/${phoneNumber}`,
    ...fields,
  };
}

const PREFIX = "/v1/Porting/Portability/PhoneNumber/";

/**
 * A stand-in for Twilio on 127.0.0.1, port 0, that records what it received. By default every number
 * is portable; `respond` changes that. `latencyMs` delays every answer.
 */
export async function startStubTwilio(options: { latencyMs?: number } = {}): Promise<StubTwilio> {
  const received: ReceivedRequest[] = [];
  const arrivedAt: number[] = [];
  const attempts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  let responder: StubResponder = (request) => ({ status: 200, body: portabilityBody(request.phoneNumber) });
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const arrival = performance.now();
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const url = new URL(request.url ?? "/", "http://stub");
      const rawPath = (request.url ?? "/").split("?", 1)[0]!;
      const phoneNumber = rawPath.startsWith(PREFIX) ? safeDecode(rawPath.slice(PREFIX.length)) : "";
      const seen: ReceivedRequest = {
        method: request.method ?? "",
        path: rawPath,
        phoneNumber,
        query: Object.fromEntries(url.searchParams),
        authorization: request.headers.authorization,
      };
      received.push(seen);
      arrivedAt.push(arrival);
      const attempt = (attempts.get(phoneNumber) ?? 0) + 1;
      attempts.set(phoneNumber, attempt);
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      const reply = await responder(seen, attempt);
      if ("hang" in reply) {
        hanging.add(response);
        return;
      }
      if ("reset" in reply) {
        request.socket.destroy();
        return;
      }
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {});
      response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      response.end(text);
    } finally {
      inFlight -= 1;
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    arrivedAt,
    get maxInFlight() {
      return maxInFlight;
    },
    get inFlight() {
      return inFlight;
    },
    attemptsFor: (phoneNumber) => attempts.get(phoneNumber) ?? 0,
    respond(next) {
      responder = next;
    },
    reset() {
      received.length = 0;
      arrivedAt.length = 0;
      attempts.clear();
      maxInFlight = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      hanging.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
