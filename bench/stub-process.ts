import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { stopChild, track } from "./children.js";
import type { StubCommand, StubMessage } from "./stub-protocol.js";
import type { InFlightLimit, StubStats } from "./stub-upstream.js";

/** The stub upstream, running in its own process (see README: why not in the bench process). */
export interface StubProcess {
  readonly url: string;
  readonly pid: number;
  setLatency(latencyMs: number): Promise<void>;
  /** Null: no limit. See InFlightLimit. */
  setInFlightLimit(limit: InFlightLimit | null): Promise<void>;
  reset(): Promise<void>;
  stats(): Promise<StubStats>;
  close(): Promise<void>;
}

type Pending = (message: Extract<StubMessage, { kind: "reply" }>) => void;
type CommandWithoutId = StubCommand extends infer C ? (C extends StubCommand ? Omit<C, "id"> : never) : never;

export async function startStubProcess(): Promise<StubProcess> {
  const entry = fileURLToPath(new URL("./stub-child.ts", import.meta.url));
  const child: ChildProcess = track(
    fork(entry, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  const pending = new Map<number, Pending>();
  let nextId = 1;

  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`stub process exited early (code ${code})`));
    child.once("exit", onExit);
    child.once("error", reject);
    child.on("message", (message: StubMessage) => {
      if (message.kind === "ready") {
        child.off("exit", onExit);
        resolve(message.url);
      } else {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
      }
    });
  });

  function call(command: CommandWithoutId): Promise<Extract<StubMessage, { kind: "reply" }>> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error("stub process is gone"));
      pending.set(id, resolve);
      child.send({ ...command, id } as StubCommand);
    });
  }

  return {
    url,
    pid: child.pid!,
    setLatency: async (latencyMs) => void (await call({ op: "latency", latencyMs })),
    setInFlightLimit: async (limit) => void (await call({ op: "limit", limit })),
    reset: async () => void (await call({ op: "reset" })),
    stats: async () => (await call({ op: "stats" })).stats!,
    async close() {
      if (child.connected) await call({ op: "close" }).catch(() => undefined);
      await stopChild(child, 2_000);
    },
  };
}
