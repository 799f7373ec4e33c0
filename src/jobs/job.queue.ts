/**
 * Where started jobs wait for a worker: this process (memory) or BullMQ on Redis. Either way a
 * worker calls JobRunner.run; the queue only decides who runs what, and when.
 */
export interface JobQueue {
  readonly durable: boolean;
  enqueue(id: string): Promise<void>;
  /** Stops taking jobs; running ones stop at their next check and stay RUNNING (resumed by the next worker on Redis). */
  close(): Promise<void>;
}
