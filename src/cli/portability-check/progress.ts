import cliProgress from "cli-progress";

/** How far a job is, told as it advances; `done` leaves the last state on screen. */
export interface Progress {
  update(completed: number, total: number): void;
  done(): void;
}

const SILENT: Progress = { update() {}, done() {} };

/**
 * A bar on stderr when stderr is a terminal and not --quiet; otherwise nothing, so a log file or a
 * pipe gets no carriage returns and escape codes. stdout is never touched: it carries the results.
 */
export function createProgress(stderr: NodeJS.WriteStream, show: boolean): Progress {
  if (!show || stderr.isTTY !== true) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr,
      format: "checking |{bar}| {value}/{total} numbers | {percentage}% | ETA {eta_formatted}",
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(completed, total) {
      if (!started) {
        bar.start(total, completed);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(completed);
      }
    },
    done() {
      if (started) bar.stop();
      started = false;
    },
  };
}
