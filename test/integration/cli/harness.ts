import { portabilityBody, startStubTwilio, type StubResponder, type StubTwilio } from "../../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";

/** A number the stub answers 503 for, always: after the retries, a PortabilityCheckError. */
export const UNAVAILABLE = "+14155550503";

export interface Harness {
  readonly stub: StubTwilio;
  readonly app: TestApp;
  /** The environment that points the CLI at the app. */
  readonly env: Record<string, string>;
  /** Forgets what the stub received and restores its known answers. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * The real app against a stub Twilio whose answers are known in advance: numbers ending in 7 are
 * not portable (22132), UNAVAILABLE is a 503, every other number is portable. `delayMs` slows each
 * answer, for the tests that watch a job run.
 */
export async function startHarness(appEnv: Record<string, string> = {}, delayMs = 0): Promise<Harness> {
  const stub = await startStubTwilio();
  stub.respond(knownAnswers(delayMs));
  const app = await startTestApp(stub.url, {
    LOG_LEVEL: "info",
    // The job tests poll every 500 ms; the default allowance is not what is under test.
    RATE_LIMIT_REQUESTS_PER_MINUTE: "100000",
    ...appEnv,
  });
  return {
    stub,
    app,
    env: { PORTABILITY_URL: app.url },
    reset() {
      stub.reset();
      stub.respond(knownAnswers(delayMs));
    },
    async close() {
      await app.close();
      await stub.close();
    },
  };
}

function knownAnswers(delayMs: number): StubResponder {
  return (request) => {
    if (request.phoneNumber === UNAVAILABLE) return { status: 503, body: { code: 20503, message: "Service unavailable", status: 503 } };
    const body = request.phoneNumber.endsWith("7")
      ? portabilityBody(request.phoneNumber, { portable: false, not_portable_reason: "ALREADY_IN_TWILIO_DIFFERENT_OWNER", not_portable_reason_code: 22132 })
      : portabilityBody(request.phoneNumber);
    return { status: 200, body, delayMs };
  };
}

/** The GraphQL operation names the app logged, in order: which requests the CLI made. */
export function operationsLogged(app: TestApp): string[] {
  return app.logs.filter((line) => line.msg === "graphql request").map((line) => String(line.operationName));
}
