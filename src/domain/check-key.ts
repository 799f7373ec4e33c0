/** What identifies one upstream check: two equal keys in a request cost one call. */
export interface CheckKey {
  /** As the caller gave it; echoed back when the number is not E.164. */
  readonly phoneNumber: string;
  readonly targetAccountSid: string | null;
  readonly addressSid: string | null;
}
