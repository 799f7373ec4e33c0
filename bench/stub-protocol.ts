import type { InFlightLimit, StubStats } from "./stub-upstream.js";

/** Messages between the bench process and the stub's child process (Node IPC). */
export type StubCommand =
  | { readonly id: number; readonly op: "latency"; readonly latencyMs: number }
  | { readonly id: number; readonly op: "limit"; readonly limit: InFlightLimit | null }
  | { readonly id: number; readonly op: "reset" }
  | { readonly id: number; readonly op: "stats" }
  | { readonly id: number; readonly op: "close" };

export type StubMessage =
  | { readonly kind: "ready"; readonly url: string }
  | { readonly kind: "reply"; readonly id: number; readonly stats?: StubStats };
