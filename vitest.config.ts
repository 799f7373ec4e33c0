import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // graphql has no "exports" map: Node (and so type-graphql and Apollo) load its CommonJS build, while
    // Vite would pick its "module" build for our sources, giving two graphql realms in one schema.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve("graphql") }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/reporters/plain-summary.ts"],
    setupFiles: ["reflect-metadata"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration suites start real servers on 127.0.0.1:0; forks keep their sockets apart.
    pool: "forks",
  },
});
