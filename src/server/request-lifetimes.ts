import type { ServerResponse } from "node:http";
import { CheckStopped } from "../checker/stop-reason.js";
import { RequestStop, type StopSignal } from "../scheduler/stop-signal.js";

/** One GraphQL request's life: its signal ends every check it started. */
export interface RequestLifetime {
  /**
   * Made on first use: a request answered without waiting on anything (a cached verdict, no check
   * at all) never needs one, and skips the stop, its deadline timer and the close listener.
   */
  readonly signal: StopSignal;
  /** The response is complete: stop the deadline timer and forget the request. */
  end(): void;
}

/**
 * Every GraphQL request in flight, each with a stop signal that fires when
 * - its client disconnects (nobody will read the answer: queued checks never start, in-flight
 *   upstream calls are aborted),
 * - REQUEST_TIMEOUT_MS passes (unfinished checks end UPSTREAM_TIMEOUT, the rest is sent), or
 * - shutdown's deadline passes (unfinished checks end SHUTTING_DOWN, the rest is sent).
 * The signal's reason is a CheckStopped saying which. The deadline counts from the request's start,
 * whenever its signal is first asked for.
 */
export class RequestLifetimes {
  private readonly live = new Set<Lifetime>();

  constructor(private readonly requestTimeoutMs: number) {}

  get size(): number {
    return this.live.size;
  }

  start(response: ServerResponse): RequestLifetime {
    const lifetime = new Lifetime(response, performance.now() + this.requestTimeoutMs, () => this.live.delete(lifetime));
    this.live.add(lifetime);
    return lifetime;
  }

  /** Shutdown's deadline: every request still running answers now with what it has. */
  stopAll(): void {
    for (const lifetime of this.live) lifetime.stop(new CheckStopped("shutdown"));
  }
}

class Lifetime implements RequestLifetime {
  private requestStop: RequestStop | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stoppedBy: CheckStopped | undefined;

  constructor(
    private readonly response: ServerResponse,
    private readonly deadline: number,
    private readonly forget: () => void,
  ) {}

  get signal(): StopSignal {
    if (this.requestStop !== undefined) return this.requestStop;
    const stop = (this.requestStop = new RequestStop());
    if (this.stoppedBy !== undefined) {
      stop.abort(this.stoppedBy);
    } else if (this.response.destroyed && !this.response.writableFinished) {
      stop.abort(new CheckStopped("disconnected"));
    } else {
      this.timer = setTimeout(() => stop.abort(new CheckStopped("deadline")), Math.max(0, this.deadline - performance.now()));
      this.response.once("close", this.onClose);
    }
    return stop;
  }

  stop(reason: CheckStopped): void {
    this.stoppedBy ??= reason;
    this.requestStop?.abort(reason);
  }

  end(): void {
    clearTimeout(this.timer);
    this.response.off("close", this.onClose);
    this.forget();
  }

  private readonly onClose = () => {
    if (!this.response.writableFinished) this.requestStop?.abort(new CheckStopped("disconnected"));
  };
}
