import { TwilioPortabilityClient, type TwilioPortabilityClientOptions } from "../../../src/datasources/twilio-portability-client.js";

export const UNIT_ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
export const UNIT_AUTH_TOKEN = "unit-auth-token-s3cr3t";

/**
 * Clients against a stub at `url()`, with small timeouts and backoff; `closeAll()` in afterEach.
 * `url` is a function because the stub starts in beforeAll, after the factory is made.
 */
export function clientFactory(url: () => string) {
  const clients: TwilioPortabilityClient[] = [];
  return {
    create(options: Partial<TwilioPortabilityClientOptions> = {}): TwilioPortabilityClient {
      const created = new TwilioPortabilityClient({
        baseUrl: url(),
        username: UNIT_ACCOUNT_SID,
        password: UNIT_AUTH_TOKEN,
        timeoutMs: 2000,
        maxRetries: 2,
        retryBaseMs: 1,
        concurrency: 5,
        ...options,
      });
      clients.push(created);
      return created;
    },
    closeAll: () => Promise.all(clients.splice(0).map((created) => created.close())),
  };
}
