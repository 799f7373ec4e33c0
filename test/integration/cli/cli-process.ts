import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** The built bin (`npm run build` first; `npm test` does), run as a user's shell would run it. */
export const CLI = fileURLToPath(new URL("../../../dist/cli/portability-check/main.js", import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** The whole environment besides PATH: the tests' own PORTABILITY_* never leak in. */
  readonly env?: Record<string, string>;
  /** Written to stdin, then closed; without it stdin is /dev/null (not a terminal, empty). */
  readonly stdin?: string;
  /** Called once the process runs, for tests that signal it. */
  readonly started?: (pid: number) => void;
}

/** Runs the CLI to its end; a CLI that hangs is killed after 30 s, so the test fails instead. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return ran(process.execPath, [CLI, ...args], options);
}

/** Runs a bash command line (`$CLI` is the bin), for pipes and pseudo-terminals. */
export function runShell(command: string, options: CliOptions = {}): Promise<CliRun> {
  return ran("bash", ["--norc", "--noprofile", "-c", command], { ...options, env: { CLI, NODE: process.execPath, ...options.env } });
}

// Never spawnSync: the app under test runs in this process and must keep answering.
function ran(file: string, args: readonly string[], options: CliOptions): Promise<CliRun> {
  const child = spawn(file, args, {
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  options.started?.(child.pid!);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") });
    });
  });
}

/** A loopback port nothing listens on: bound, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
