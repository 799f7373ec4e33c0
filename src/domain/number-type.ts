/** Twilio's `number_type`, with `TOLL-FREE` spelled as a GraphQL enum value can be. */
export enum NumberType {
  LOCAL = "LOCAL",
  UNKNOWN = "UNKNOWN",
  MOBILE = "MOBILE",
  TOLL_FREE = "TOLL_FREE",
}
