/**
 * The `id` of a returned result: what a client cache (Apollo's InMemoryCache, urql's Graphcache)
 * keys an entity on. One id per (target, address, number checked), so the same number checked for
 * two targets is two entities, and a re-check of the same question replaces the cached one.
 *
 * base64url of `v1|<targetAccountSid>|<addressSid>|<phoneNumber>` (empty for null). The version
 * prefix lets the format change without old ids ever meaning something else; validated SIDs hold no
 * "|" and the number goes last, so two questions never share an id. Opaque to clients: only
 * equality is promised.
 */
export function resultId(targetAccountSid: string | null, addressSid: string | null, phoneNumber: string): string {
  return Buffer.from(`v1|${targetAccountSid ?? ""}|${addressSid ?? ""}|${phoneNumber}`, "utf8").toString("base64url");
}
