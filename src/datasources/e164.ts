/** Twilio's E.164 rule. `\d` without the `u` flag is ASCII only, so unicode digits never pass. */
const E164 = /^\+[1-9]\d{1,14}$/;

/** The number to send upstream, or null when it is not E.164 after trimming surrounding whitespace. */
export function toE164(given: string): string | null {
  const trimmed = given.trim();
  return E164.test(trimmed) ? trimmed : null;
}
