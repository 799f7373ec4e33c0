import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { stopChild, track } from "./children.js";
import { freePort } from "./free-port.js";
import { procCpuSeconds } from "./proc-cpu.js";
import { procMemory, type ProcMemory } from "./proc-memory.js";

/** The layer as it is deployed: `node dist/main.js` in its own process. */
export interface LayerProcess {
  readonly url: string;
  readonly pid: number;
  memory(): ProcMemory;
  /** User + system CPU time the process has used so far, in seconds (/proc/<pid>/stat). */
  cpuSeconds(): number;
  /** SIGTERM, then SIGKILL after `graceMs` (default 5 s). */
  stop(graceMs?: number): Promise<void>;
}

export interface LayerOptions {
  /** Origin of the stub upstream (TWILIO_NUMBERS_BASE_URL). */
  readonly upstreamUrl: string;
  /** Scenario knobs: UPSTREAM_CONCURRENCY, MAX_BATCH_SIZE, … */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra node flags, e.g. --cpu-prof (see BENCH_CPU_PROF in README). */
  readonly nodeFlags?: readonly string[];
  /**
   * "forward" (default): every line the layer writes goes to our stderr, prefixed, which suits
   * LOG_LEVEL=warn. "discard": read and dropped (the last 4 kB kept for a startup failure), for
   * LOG_LEVEL=info under load, where the layer's cost of logging is the point, not the lines.
   */
  readonly output?: "forward" | "discard";
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Preloaded into the server: exits when its parent (this bench) is gone, even if the bench was
 * SIGKILLed and could not clean up. One unref'd 500 ms timer; nothing else in the server changes.
 */
export const ORPHAN_GUARD = `data:text/javascript,${encodeURIComponent(
  "const parent = process.ppid; setInterval(() => { if (process.ppid !== parent) process.exit(1); }, 500).unref();",
)}`;
const READY_TIMEOUT_MS = 15_000;

export async function startLayer(options: LayerOptions): Promise<LayerProcess> {
  const port = await freePort();
  const child: ChildProcess = track(
    spawn(process.execPath, ["--import", ORPHAN_GUARD, ...(options.nodeFlags ?? []), "dist/main.js"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH ?? "",
        // Only what the brief's deployment sets; NODE_ENV passes through if the caller set one.
        ...(process.env.NODE_ENV === undefined ? {} : { NODE_ENV: process.env.NODE_ENV }),
        HOST: "127.0.0.1",
        PORT: String(port),
        TWILIO_ACCOUNT_SID: `AC${"0123456789abcdef".repeat(2)}`,
        TWILIO_AUTH_TOKEN: "bench-auth-token",
        TWILIO_NUMBERS_BASE_URL: options.upstreamUrl,
        LOG_LEVEL: "warn",
        // The scenarios measure uncached work (repeated runs of the same batch against a plain client):
        // the verdict cache would answer the repeats. The cache scenarios (cache, peers' cache-hit
        // rows) set CACHE_TTL_SECONDS themselves.
        CACHE_TTL_SECONDS: "0",
        // NODE_ENV=production drains for 5 s on SIGTERM (/readyz 503 for a load balancer), as long as
        // stop()'s grace: the layer was SIGKILLed before it exited, so BENCH_CPU_PROF got no profile
        // of it and every stop cost 5 s. No load balancer watches here.
        SHUTDOWN_GRACE_MS: "0",
        ...options.env,
      },
    }),
  );
  // Anything the layer logs at warn or above is worth seeing; it goes to our stderr, prefixed.
  let output = "";
  const forward = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output = (output + text).slice(-4_000);
    if (options.output === "discard") return;
    for (const line of text.split("\n")) if (line !== "") process.stderr.write(`[layer ${child.pid}] ${line}\n`);
  };
  child.stdout!.on("data", forward);
  child.stderr!.on("data", forward);

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child);
  } catch (error) {
    await stopChild(child, 1_000);
    throw new Error(`layer did not become healthy: ${(error as Error).message}\n${output}`);
  }
  return {
    url,
    pid: child.pid!,
    memory: () => procMemory(child.pid!),
    cpuSeconds: () => procCpuSeconds(child.pid!),
    stop: (graceMs) => stopChild(child, graceMs),
  };
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    }
    try {
      const response = await request(`${url}/healthz`, { headersTimeout: 1_000, bodyTimeout: 1_000 });
      await response.body.dump();
      if (response.statusCode === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no 200 from ${url}/healthz within ${READY_TIMEOUT_MS} ms`);
}
