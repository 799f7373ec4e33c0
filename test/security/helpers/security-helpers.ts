import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashSecret } from "../../../src/auth/authenticate.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";

/** Account SIDs that are valid by pattern and distinct from the service's own (STUB_ACCOUNT_SID). */
export const TARGET_A = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
export const TARGET_B = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
export const ADDRESS = "AD0123456789abcdef0123456789abcdef";

export interface KeySpec {
  readonly id: string;
  readonly secret: string;
  readonly targets: readonly string[] | "*";
  readonly limits?: { requestsPerMinute?: number; numbersPerMinute?: number };
}

export interface KeysFile {
  readonly path: string;
  remove(): void;
}

/** Writes an API_KEYS_FILE (hashes only) into a fresh temp directory. */
export function writeKeysFile(keys: readonly KeySpec[]): KeysFile {
  const entries = keys.map(({ id, secret, targets, limits }) => ({ id, secretSha256: hashSecret(secret), targets, ...(limits ? { limits } : {}) }));
  return writeRawKeysFile(JSON.stringify({ keys: entries }));
}

/** Writes any text as a keys file, for the malformed cases. */
export function writeRawKeysFile(text: string): KeysFile {
  const dir = mkdtempSync(join(tmpdir(), "pg-keys-"));
  const path = join(dir, "keys.json");
  writeFileSync(path, text, "utf8");
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const bearer = (secret: string): Record<string, string> => ({ authorization: `Bearer ${secret}` });

/** The test app at LOG_LEVEL=trace: log assertions see every line the production logger writes. */
export function startProductionLoggedApp(upstreamUrl: string, env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp(upstreamUrl, { LOG_LEVEL: "trace", ...env });
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/**
 * A request over node:http with full control of the body: `chunks` are written one by one (chunked
 * transfer encoding unless a content-length header is given). Resolves on the response even if the
 * server closes the connection while the client is still sending.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; chunks?: readonly (string | Buffer)[]; chunkDelayMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const request = httpRequest(url, { method: options.method ?? "POST", headers: options.headers ?? {}, agent: false }, (response) => {
      const body: Buffer[] = [];
      response.on("data", (chunk: Buffer) => body.push(chunk));
      response.on("error", () => {});
      response.on("end", () => {
        settled = true;
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(body).toString("utf8") });
      });
    });
    // Writes after the server answered and closed may fail with EPIPE/ECONNRESET; only a failure before any answer counts.
    request.on("error", (error) => {
      if (!settled) setTimeout(() => !settled && reject(error), 200);
    });
    const chunks = [...(options.chunks ?? [])];
    const writeNext = (): void => {
      if (settled || request.destroyed) return;
      const chunk = chunks.shift();
      if (chunk === undefined) {
        request.end();
        return;
      }
      request.write(chunk);
      setTimeout(writeNext, options.chunkDelayMs ?? 0);
    };
    writeNext();
  });
}
