import { readFileSync } from "node:fs";

/** A process's memory as Linux reports it in /proc/<pid>/status, in bytes. */
export interface ProcMemory {
  /** Resident set size now. */
  readonly rss: number;
  /** Peak resident set size since the process started ("high water mark"). */
  readonly peakRss: number;
}

export function procMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return { rss: field(status, "VmRSS"), peakRss: field(status, "VmHWM") };
}

function field(status: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(status);
  if (match === null) throw new Error(`/proc status has no ${name}`);
  return Number(match[1]) * 1024;
}
