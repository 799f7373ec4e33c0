import { setMaxListeners } from "node:events";
import type { ServerResponse } from "node:http";
import { CheckStopped } from "../checker/stop-reason.js";

/** One GraphQL request's life: its signal ends every check it started. */
export interface RequestLifetime {
  readonly signal: AbortSignal;
  /** The response is complete: stop the deadline timer and forget the request. */
  end(): void;
}

/**
 * Every GraphQL request in flight, each with an AbortSignal that aborts when
 * - its client disconnects (nobody will read the answer: queued checks never start, in-flight
 *   upstream calls are aborted),
 * - REQUEST_TIMEOUT_MS passes (unfinished checks end UPSTREAM_TIMEOUT, the rest is sent), or
 * - shutdown's deadline passes (unfinished checks end SHUTTING_DOWN, the rest is sent).
 * The signal's reason is a CheckStopped saying which.
 */
export class RequestLifetimes {
  private readonly live = new Set<AbortController>();

  constructor(private readonly requestTimeoutMs: number) {}

  get size(): number {
    return this.live.size;
  }

  start(response: ServerResponse): RequestLifetime {
    const controller = new AbortController();
    // Each waiting or in-flight check of the request listens (at most the loader's width of them at
    // once): many listeners on this signal are by design, not a leak.
    setMaxListeners(0, controller.signal);
    this.live.add(controller);
    const timer = setTimeout(() => controller.abort(new CheckStopped("deadline")), this.requestTimeoutMs);
    const onClose = () => {
      if (!response.writableFinished) controller.abort(new CheckStopped("disconnected"));
    };
    response.once("close", onClose);
    return {
      signal: controller.signal,
      end: () => {
        clearTimeout(timer);
        response.off("close", onClose);
        this.live.delete(controller);
      },
    };
  }

  /** Shutdown's deadline: every request still running answers now with what it has. */
  stopAll(): void {
    for (const controller of this.live) controller.abort(new CheckStopped("shutdown"));
  }
}
