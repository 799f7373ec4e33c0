import type { PortabilityAnswer } from "../domain/check-result.js";
import { NotPortableReason } from "../domain/not-portable-reason.js";
import { NumberType } from "../domain/number-type.js";
import type { CachedVerdict } from "./verdict-cache.js";

const REASONS: ReadonlySet<unknown> = new Set(Object.values(NotPortableReason));
const NUMBER_TYPES: ReadonlySet<unknown> = new Set(Object.values(NumberType));

/** Only the known fields, so an object that picked up others on the way is stored as an answer, no more. */
export function encodeCachedVerdict(verdict: CachedVerdict): string {
  const { answer } = verdict;
  return JSON.stringify({
    checkedAt: verdict.checkedAt,
    answer: {
      __typename: answer.__typename,
      phoneNumber: answer.phoneNumber,
      accountSid: answer.accountSid,
      portable: answer.portable,
      pinAndAccountNumberRequired: answer.pinAndAccountNumberRequired,
      notPortableReason: answer.notPortableReason,
      notPortableReasonCode: answer.notPortableReasonCode,
      numberType: answer.numberType,
      country: answer.country,
      url: answer.url,
    },
  });
}

/**
 * What came back from Redis, or null when it is not exactly a verdict this version wrote: a value
 * another writer, an older version or a bit flip left there is a miss, never a crash or a half answer
 * reaching a client (the GraphQL layer would reject a wrong enum mid-response).
 */
export function decodeCachedVerdict(text: string): CachedVerdict | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.checkedAt !== "number" || !Number.isFinite(value.checkedAt)) return null;
  const answer = value.answer;
  if (!isRecord(answer)) return null;
  const valid =
    answer.__typename === "Portability" &&
    typeof answer.phoneNumber === "string" &&
    isStringOrNull(answer.accountSid) &&
    typeof answer.portable === "boolean" &&
    (answer.pinAndAccountNumberRequired === null || typeof answer.pinAndAccountNumberRequired === "boolean") &&
    (answer.notPortableReason === null || REASONS.has(answer.notPortableReason)) &&
    (answer.notPortableReasonCode === null || Number.isSafeInteger(answer.notPortableReasonCode)) &&
    NUMBER_TYPES.has(answer.numberType) &&
    isStringOrNull(answer.country) &&
    isStringOrNull(answer.url);
  if (!valid) return null;
  const decoded: PortabilityAnswer = {
    __typename: "Portability",
    phoneNumber: answer.phoneNumber as string,
    accountSid: answer.accountSid as string | null,
    portable: answer.portable as boolean,
    pinAndAccountNumberRequired: answer.pinAndAccountNumberRequired as boolean | null,
    notPortableReason: answer.notPortableReason as NotPortableReason | null,
    notPortableReasonCode: answer.notPortableReasonCode as number | null,
    numberType: answer.numberType as NumberType,
    country: answer.country as string | null,
    url: answer.url as string | null,
    checkedAt: value.checkedAt,
  };
  return { answer: decoded, checkedAt: value.checkedAt };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isStringOrNull(value: unknown): boolean {
  return value === null || typeof value === "string";
}
