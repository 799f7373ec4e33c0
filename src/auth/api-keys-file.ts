import { Ajv } from "ajv";
import { readFileSync } from "node:fs";
import { ConfigError } from "../config/config-error.js";
import { ACCOUNT_SID } from "../schema/sid-patterns.js";
import type { ApiKey } from "./api-key.js";

const SCHEMA = {
  type: "object",
  required: ["keys"],
  additionalProperties: false,
  properties: {
    keys: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["id", "secretSha256", "targets"],
        additionalProperties: false,
        properties: {
          id: { type: "string", pattern: "^[A-Za-z0-9_.-]{1,64}$" },
          secretSha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
          targets: {
            oneOf: [
              { const: "*" },
              { type: "array", minItems: 1, items: { type: "string", pattern: "^AC[0-9a-fA-F]{32}$" } },
            ],
          },
          limits: {
            type: "object",
            additionalProperties: false,
            properties: {
              requestsPerMinute: { type: "integer", minimum: 1 },
              numbersPerMinute: { type: "integer", minimum: 1 },
            },
          },
        },
      },
    },
  },
} as const;

/**
 * Which key a schema error is in, and for a bad target the SID itself (SIDs are not secrets), so an
 * operator can find the entry: "/keys/3/targets must be equal to constant" alone named neither. The
 * secret's hash is never quoted.
 */
function describeEntry(json: unknown, instancePath: string): string {
  const match = /^\/keys\/(\d+)(\/targets)?/.exec(instancePath);
  if (match === null) return "";
  const entry = (json as { keys: Array<Record<string, unknown>> }).keys[Number(match[1])];
  const id = typeof entry?.id === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(entry.id) ? `key "${entry.id}"` : `key #${match[1]}`;
  const targets = entry?.targets;
  const bad = match[2] !== undefined && Array.isArray(targets) ? targets.find((sid) => typeof sid !== "string" || !ACCOUNT_SID.test(sid)) : undefined;
  if (bad !== undefined) return `${id}: target ${JSON.stringify(bad).slice(0, 80)} is not an account SID (AC followed by 32 hex digits); `;
  return `${id}: `;
}

/** Reads and validates API_KEYS_FILE; every problem is a ConfigError naming the variable (never a secret). */
export function readApiKeysFile(path: string): readonly ApiKey[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError("API_KEYS_FILE", `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not V8's message: it quotes the text around the error, which may be part of a secret's hash.
    throw new ConfigError("API_KEYS_FILE", `${path} is not valid JSON`);
  }
  // Compiled here, not at import: most deployments without API_KEYS_FILE never need it.
  const validate = new Ajv({ allErrors: false }).compile<{ keys: ApiKey[] }>(SCHEMA);
  if (!validate(json)) {
    const first = validate.errors?.[0];
    throw new ConfigError("API_KEYS_FILE", `${path}: ${describeEntry(json, first?.instancePath ?? "")}${first?.instancePath || "/"} ${first?.message ?? "is invalid"}`);
  }
  const ids = new Set<string>();
  for (const key of json.keys) {
    if (ids.has(key.id)) throw new ConfigError("API_KEYS_FILE", `${path}: key id "${key.id}" appears twice`);
    ids.add(key.id);
  }
  return json.keys;
}
