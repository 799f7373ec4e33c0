import { readFileSync } from "node:fs";

/**
 * Clock ticks per second of /proc/<pid>/stat's utime and stime: USER_HZ, 100 on every Linux the
 * bench runs on (`getconf CLK_TCK`). Ticks are 10 ms, so a figure needs seconds of load to mean much.
 */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds process `pid` (all its threads) has used so far. Linux only. */
export function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Field 2 (comm) is in parentheses and may hold spaces: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after comm.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}
