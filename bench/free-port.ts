import { createServer } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A port that was free a moment ago on 127.0.0.1: the layer takes PORT from its environment and does
 * not report the port it bound, so the bench picks one (listen on 0, close, hand it over).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
