import { ConfigError } from "./config-error.js";

/** The environment a config is read from; tests pass their own object instead of process.env. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Unset and empty both mean "use the default": `FOO= npm start` should not be a parse error. */
function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

export function readString(env: Env, name: string, fallback: string): string;
export function readString(env: Env, name: string): string | undefined;
export function readString(env: Env, name: string, fallback?: string): string | undefined {
  return raw(env, name) ?? fallback;
}

export function readInt(
  env: Env,
  name: string,
  fallback: number,
  bounds: { min: number; max: number },
): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new ConfigError(name, `must be a whole number, got "${value}"`);
  const parsed = Number(value);
  if (parsed < bounds.min || parsed > bounds.max) {
    throw new ConfigError(name, `must be between ${bounds.min} and ${bounds.max}, got ${parsed}`);
  }
  return parsed;
}

export function readOptionalInt(
  env: Env,
  name: string,
  bounds: { min: number; max: number },
): number | undefined {
  return raw(env, name) === undefined ? undefined : readInt(env, name, 0, bounds);
}

export function readFraction(env: Env, name: string, fallback: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || parsed > 1) {
    throw new ConfigError(name, `must be a number from 0 to 1, got "${value}"`);
  }
  return parsed;
}

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw new ConfigError(name, `must be true or false, got "${value}"`);
}

export function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${choices.join(", ")}, got "${value}"`);
  }
  return value as T;
}

export function readUrl(env: Env, name: string, fallback: string): string {
  const value = raw(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `must be an absolute http(s) URL, got "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(name, `must be an http(s) URL, got "${value}"`);
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    throw new ConfigError(name, `must be an origin without path or query, got "${value}"`);
  }
  return url.origin;
}
