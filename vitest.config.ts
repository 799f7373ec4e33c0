import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["reflect-metadata"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration suites start real servers on 127.0.0.1:0; forks keep their sockets apart.
    pool: "forks",
  },
});
