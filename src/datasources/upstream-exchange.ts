import type { Dispatcher } from "undici";
import type { UpstreamResponse } from "./attempt-outcome.js";

/** The reason undici is given when `stop` ends an exchange (never shown: the client words the outcome). */
class ExchangeStopped extends Error {
  readonly code = "EXCHANGE_STOPPED";
}

/**
 * One request and its response through undici's dispatch API, the body gathered as text, and `stop`
 * to end it early (the attempt's deadline, or its request's signal).
 *
 * Why not `dispatcher.request()`: a portability body is a few hundred bytes read whole, and request()
 * wraps every response in an async resource, a Readable stream and its events, and an abort signal
 * with its listeners. In a 10,000-number batch those were ~15 % of everything the layer allocated and
 * a tenth of its CPU per check. The transport, its pool, timeouts and maxResponseSize are undici's
 * as before: only the handler is ours.
 */
export class UpstreamExchange implements Dispatcher.DispatchHandler {
  /** Settles when the response has ended, or rejects with undici's error (or ExchangeStopped). */
  readonly done: Promise<UpstreamResponse>;
  private resolve!: (response: UpstreamResponse) => void;
  private reject!: (error: unknown) => void;
  private controller: Dispatcher.DispatchController | null = null;
  private stopped = false;
  private statusCode = 0;
  private retryAfter: string | undefined;
  private chunks: Buffer[] = [];

  constructor() {
    this.done = new Promise<UpstreamResponse>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Sends the request on `dispatcher`; read `done` for the outcome. */
  static send(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions): UpstreamExchange {
    const exchange = new UpstreamExchange();
    dispatcher.dispatch(options, exchange);
    return exchange;
  }

  /** Whether `stop` ended it (a deadline or a signal, not the network). */
  get wasStopped(): boolean {
    return this.stopped;
  }

  /** Ends the exchange now, or as soon as undici hands it a connection; a no-op once it has settled. */
  readonly stop = (): void => {
    if (this.stopped) return;
    this.stopped = true;
    this.controller?.abort(new ExchangeStopped("stopped"));
  };

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.stopped) controller.abort(new ExchangeStopped("stopped"));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    // A 1xx would be followed by the real response: only the last one's status and body count.
    this.statusCode = statusCode;
    const retryAfter = headers["retry-after"];
    this.retryAfter = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
    this.chunks = [];
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const { chunks } = this;
    const body = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8");
    this.resolve({ status: this.statusCode, retryAfter: this.retryAfter, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.reject(error);
  }
}
