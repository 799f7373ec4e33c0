import type { Dispatcher } from "undici";

/**
 * The baseline: what any keep-alive HTTP client does to ask Twilio directly for one number. Same
 * headers as the layer sends (Basic auth, accept JSON), body read and parsed, status checked.
 */
const PREFIX = "/v1/Porting/Portability/PhoneNumber/";
const HEADERS = {
  authorization: `Basic ${Buffer.from("ACbench:bench-auth-token").toString("base64")}`,
  accept: "application/json",
};

export interface DirectAnswer {
  readonly phone_number: string;
  readonly portable: boolean;
}

export async function getDirect(client: Dispatcher, phoneNumber: string): Promise<DirectAnswer> {
  const response = await client.request({ path: `${PREFIX}${encodeURIComponent(phoneNumber)}`, method: "GET", headers: HEADERS });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`stub answered ${response.statusCode} for ${phoneNumber}`);
  return JSON.parse(text) as DirectAnswer;
}
