import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { stopChild, track } from "../children.js";
import { procCpuSeconds } from "../proc-cpu.js";
import { ORPHAN_GUARD } from "../server-process.js";

/** A peer server (naive-apollo, one-hop, hello-apollo) in its own process, like the layer. */
export interface PeerProcess {
  /** Origin plus the path the peer printed, e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  readonly pid: number;
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;

/** Starts bench/peers/<name>.ts with NODE_ENV=production; ready when it prints `listening <url>`. */
export async function startPeer(name: string, upstreamUrl: string, nodeFlags: readonly string[] = []): Promise<PeerProcess> {
  const entry = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const child: ChildProcess = track(
    spawn(process.execPath, ["--import", ORPHAN_GUARD, "--import", "tsx", ...nodeFlags, entry], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", UPSTREAM_URL: upstreamUrl },
    }),
  );
  child.stderr!.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line !== "") process.stderr.write(`[${name} ${child.pid}] ${line}\n`);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${name} printed no "listening <url>" within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    child.once("exit", (code) => reject(new Error(`${name} exited early (${code})`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /^listening (\S+)$/m.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  }).catch(async (error: unknown) => {
    await stopChild(child, 1_000);
    throw error;
  });
  return { url, pid: child.pid!, cpuSeconds: () => procCpuSeconds(child.pid!), stop: () => stopChild(child, 2_000) };
}
