import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createAuthenticator } from "./accounts.js";
import type { SandboxConfig } from "./config.js";
import {
  asInternalError,
  checkPortability,
  notFoundError,
  SANDBOX_ERRORS,
  twilioErrorBody,
  type PortabilityBody,
  type TwilioError,
} from "./rules.js";
import { mulberry32 } from "./seeded-random.js";

export interface RunningSandbox {
  /** Origin to use as the Twilio numbers base URL, e.g. http://127.0.0.1:54321. */
  readonly url: string;
  readonly port: number;
  /** Stops listening, drops held answers and open sockets; resolves once the server is closed. */
  close(): Promise<void>;
}

const ROUTE = "/v1/Porting/Portability/PhoneNumber/";

/** A response decided when the request arrives, sent after the configured delay. */
interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers?: OutgoingHttpHeaders;
  readonly holdMs: number;
}

const UNAUTHENTICATED_HEADERS = { "www-authenticate": 'Basic realm="Twilio API"' };

function errorReply(error: TwilioError, headers?: OutgoingHttpHeaders): Reply {
  const retryAfter =
    error.retryAfterSeconds === undefined ? undefined : { "retry-after": String(error.retryAfterSeconds) };
  return {
    status: error.status,
    body: JSON.stringify(twilioErrorBody(error)),
    headers: retryAfter && headers ? { ...headers, ...retryAfter } : (retryAfter ?? headers),
    holdMs: 0,
  };
}

// Constant replies are serialised once: the sandbox is a benchmark target and these are its hot paths.
const UNAUTHENTICATED = errorReply(SANDBOX_ERRORS.authenticate, UNAUTHENTICATED_HEADERS);
const RATE_LIMITED = errorReply(SANDBOX_ERRORS.rateLimited);
/**
 * Over the account's concurrency limit Twilio answers 20429 and says to back off; its docs promise
 * no Retry-After for it (unlike the 429 magic number, which plays a rate window with one).
 */
const OVER_CONCURRENCY = { ...RATE_LIMITED, headers: undefined };
const UNAVAILABLE = errorReply(SANDBOX_ERRORS.unavailable);

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  res.end(reply.body);
}


function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape is still no E.164 number: the rules answer it with 400/22102.
    return segment;
  }
}

/** Starts the Twilio Porting Portability emulator; port 0 picks a free port. */
export async function startSandbox(config: SandboxConfig): Promise<RunningSandbox> {
  const authenticate = createAuthenticator(config.authToken);
  // Separate streams, so turning jitter on does not change which requests fail.
  const jitterRandom = mulberry32(config.seed);
  const faultRandom = mulberry32(config.seed ^ 0x9e3779b9);
  const { latencyMs, jitterMs, errorRate, maxInFlight, notPortableStatus } = config;
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;

  function verdictReply(body: PortabilityBody, holdMs: number): Reply {
    return { status: body.portable ? 200 : notPortableStatus, body: JSON.stringify(body), holdMs };
  }

  function decide(req: IncomingMessage): Reply {
    const url = req.url ?? "/";
    const queryStart = url.indexOf("?");
    const path = queryStart < 0 ? url : url.slice(0, queryStart);
    const isRoute =
      req.method === "GET" &&
      path.startsWith(ROUTE) &&
      path.length > ROUTE.length &&
      !path.includes("/", ROUTE.length);
    if (!isRoute) return errorReply(notFoundError(path));

    const caller = authenticate(req.headers.authorization);
    if (caller === undefined) return UNAUTHENTICATED;

    const query = queryStart < 0 ? undefined : new URLSearchParams(url.slice(queryStart + 1));
    const outcome = checkPortability({
      // A raw "+" in a path is a literal plus (only query strings use "+" for space).
      phoneNumber: decodePathSegment(path.slice(ROUTE.length)),
      caller,
      targetAccountSid: query?.get("TargetAccountSid") ?? undefined,
      addressSid: query?.get("AddressSid") ?? undefined,
    });
    if (outcome.kind === "error") {
      if (outcome.error === SANDBOX_ERRORS.rateLimited) return RATE_LIMITED;
      if (outcome.error === SANDBOX_ERRORS.unavailable) return UNAVAILABLE;
      return errorReply(outcome.error);
    }
    if (errorRate > 0) {
      const roll = faultRandom();
      if (roll < errorRate) return roll < errorRate / 2 ? UNAVAILABLE : verdictReply(asInternalError(outcome.body), 0);
    }
    return verdictReply(outcome.body, outcome.holdMs);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (maxInFlight > 0) {
      if (inFlight >= maxInFlight) return send(res, OVER_CONCURRENCY);
      inFlight++;
      res.once("close", () => inFlight--);
    }
    const reply = decide(req);
    const jitter = jitterMs > 0 ? Math.floor(jitterRandom() * (jitterMs + 1)) : 0;
    const delay = latencyMs + jitter + reply.holdMs;
    if (delay === 0) return send(res, reply);

    const timer = setTimeout(() => {
      timers.delete(timer);
      send(res, reply);
    }, delay);
    timers.add(timer);
    res.once("close", () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  }

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        // Keep-alive and held (+14155550504) connections would otherwise keep close() waiting.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
