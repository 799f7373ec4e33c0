import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

export interface MainProcess {
  readonly child: ChildProcess;
  readonly stdout: string[];
  readonly stderr: string[];
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  /** Resolves with the GraphQL URL once the server logs that it listens. */
  readonly listening: Promise<string>;
}

/** Runs the built server (`npm run build` first; `npm test` does) with only the given environment. */
export function startMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        stdout.push(line);
        const url = /"url":"([^"]+)"/.exec(line)?.[1];
        if (line.includes("listening") && url !== undefined) resolve(url);
      }
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before listening: ${stderr.join("")}`)));
  });
  // Tests that expect an early exit never await `listening`; that rejection is not a failure.
  listening.catch(() => {});
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk.toString("utf8")));
  // A test that fails half-way must not leave a server behind.
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  void exited.then(() => clearTimeout(timer));
  return { child, stdout, stderr, exited, listening };
}
