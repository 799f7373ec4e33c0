import { Ajv } from "ajv";
import { readFileSync } from "node:fs";
import { ConfigError } from "../config/config-error.js";
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
    throw new ConfigError("API_KEYS_FILE", `${path}: ${first?.instancePath || "/"} ${first?.message ?? "is invalid"}`);
  }
  const ids = new Set<string>();
  for (const key of json.keys) {
    if (ids.has(key.id)) throw new ConfigError("API_KEYS_FILE", `${path}: key id "${key.id}" appears twice`);
    ids.add(key.id);
  }
  return json.keys;
}
