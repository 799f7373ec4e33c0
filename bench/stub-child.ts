/** Entry point of the stub's own process: the stub upstream, driven over IPC by stub-process.ts. */
import type { StubCommand, StubMessage } from "./stub-protocol.js";
import { startStubUpstream } from "./stub-upstream.js";

const send = (message: StubMessage): void => void process.send!(message);

if (process.send === undefined) {
  process.stderr.write("stub-child.ts must be started with child_process.fork\n");
  process.exit(2);
}

const stub = await startStubUpstream();
// The parent going away (even by SIGKILL) closes the IPC channel: never outlive it.
process.on("disconnect", () => process.exit(0));
process.on("message", (command: StubCommand) => {
  switch (command.op) {
    case "latency":
      stub.setLatency(command.latencyMs);
      send({ kind: "reply", id: command.id });
      break;
    case "limit":
      stub.setInFlightLimit(command.limit);
      send({ kind: "reply", id: command.id });
      break;
    case "reset":
      stub.reset();
      send({ kind: "reply", id: command.id });
      break;
    case "stats":
      send({ kind: "reply", id: command.id, stats: stub.stats() });
      break;
    case "close":
      void stub.close().then(() => {
        send({ kind: "reply", id: command.id });
        process.disconnect();
      });
      break;
  }
});
send({ kind: "ready", url: stub.url });
