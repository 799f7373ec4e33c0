/** Deterministic E.164 numbers and shuffles, so every run sends the same requests. */
import { mulberry32 } from "../src/sandbox/seeded-random.js";

/** +1 NPA 555 XXXX style: `areaCode` (3 digits) then a 7-digit counter. Always valid E.164. */
export function e164(areaCode: number, index: number): string {
  return `+1${areaCode}${String(index).padStart(7, "0")}`;
}

export function numbers(areaCode: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => e164(areaCode, index));
}


/** Fisher-Yates with a seeded PRNG; returns a new array. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
