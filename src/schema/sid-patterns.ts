/** Twilio's SID patterns, from its OpenAPI (TargetAccountSid, AddressSid). */
export const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
export const ADDRESS_SID = /^AD[0-9a-fA-F]{32}$/;
