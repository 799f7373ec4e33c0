/** The documented id format (README, "Results a client cache can trust"), written out, not read from src. */
export function expectedId(targetAccountSid: string | null, addressSid: string | null, phoneNumber: string): string {
  return Buffer.from(`v1|${targetAccountSid ?? ""}|${addressSid ?? ""}|${phoneNumber}`).toString("base64url");
}
