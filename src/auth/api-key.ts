/** A caller's key as configured in API_KEYS_FILE. Only the SHA-256 of the secret is ever held. */
export interface ApiKey {
  readonly id: string;
  /** Lower-case hex SHA-256 of the secret the caller sends as `Authorization: Bearer <secret>`. */
  readonly secretSha256: string;
  /** Target account SIDs this key may check, or "*" for any. */
  readonly targets: readonly string[] | "*";
  readonly limits?: Partial<RateLimits>;
}

export interface RateLimits {
  readonly requestsPerMinute: number;
  readonly numbersPerMinute: number;
}

/** Who is asking, once authenticated. `anonymous` is the caller when no keys are configured. */
export interface Caller {
  readonly id: string;
  readonly targets: ReadonlySet<string> | "*";
  readonly limits: RateLimits | null;
}

export const ANONYMOUS_CALLER: Caller = Object.freeze({ id: "anonymous", targets: "*", limits: null });
