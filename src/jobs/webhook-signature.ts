import { createHmac, timingSafeEqual } from "node:crypto";

/** The header a webhook's signature travels in. */
export const SIGNATURE_HEADER = "portability-signature";
/** A signature older than this is refused by verifyWebhookSignature: a captured delivery cannot be replayed later. */
const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with
 * WEBHOOK_SIGNING_SECRET. The timestamp is inside the MAC, so it cannot be changed to dodge the
 * tolerance, and the body is signed byte for byte, so verify the raw body before parsing it.
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(secret, `${unixSeconds}.${body}`)}`;
}

export interface VerifyOptions {
  readonly toleranceSeconds?: number;
  /** Unix seconds; tests pin it. */
  readonly now?: number;
}

/** For receivers: true when `header` is a signature of `rawBody` with `secret`, made within the tolerance. */
export function verifyWebhookSignature(secret: string, header: string | null | undefined, rawBody: string, options: VerifyOptions = {}): boolean {
  if (header == null) return false;
  const parts = new Map(header.split(",").map((part) => part.trim().split("=", 2) as [string, string | undefined]));
  const t = parts.get("t");
  const v1 = parts.get("v1");
  if (t === undefined || v1 === undefined || !/^\d{1,12}$/.test(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(t)) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  return timingSafeEqual(Buffer.from(v1, "hex"), Buffer.from(hmac(secret, `${t}.${rawBody}`), "hex"));
}

function hmac(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload, "utf8").digest("hex");
}
