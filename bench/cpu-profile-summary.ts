/**
 * Where a server's CPU time went, from a .cpuprofile written under BENCH_CPU_PROF:
 *   node --import tsx bench/cpu-profile-summary.ts <file.cpuprofile> [top=25]
 * Prints self time by package (node_modules/<pkg>, our dist/, node internals, GC, idle) and the top
 * functions by self time. Not part of `npm run bench`; a tool for reading its profiles.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function packageOf(url: string, name: string): string {
  if (name === "(idle)" || name === "(program)" || name === "(garbage collector)") return name;
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "/node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.includes("/dist/")) return `dist/${url.slice(url.indexOf("/dist/") + 6).split("/")[0]}`;
  if (url.startsWith("node:") || url === "") return "node internals / native";
  return url;
}

/** node_modules/<pkg>/… or dist/… rather than the whole file URL. */
function shortUrl(url: string): string {
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) return url.slice(modules + 1);
  const dist = url.indexOf("/dist/");
  return dist >= 0 ? url.slice(dist + 1) : url;
}

const [file, topArg] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write("usage: node --import tsx bench/cpu-profile-summary.ts <file.cpuprofile> [top]\n");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfByFunction = new Map<string, number>();
const selfByPackage = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  const frame = byId.get(id)!.callFrame;
  const name = frame.functionName || "(anonymous)";
  const where = frame.url === "" ? "" : ` ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
  selfByFunction.set(`${name}${where}`, (selfByFunction.get(`${name}${where}`) ?? 0) + delta);
  const pkg = packageOf(frame.url, name);
  selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + delta);
  total += delta;
});
const idle = selfByPackage.get("(idle)") ?? 0;
const top = Number(topArg ?? 25);
const line = ([key, micros]: [string, number]) =>
  `${(micros / 1000).toFixed(1).padStart(9)} ms ${((100 * micros) / (total - idle)).toFixed(1).padStart(5)}%  ${key}`;
console.log(`profile ${(total / 1e6).toFixed(2)} s, of which idle ${(idle / 1e6).toFixed(2)} s; % of busy time`);
console.log("\nself time by package:");
for (const entry of [...selfByPackage].filter(([key]) => key !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(entry));
console.log("\nself time by function:");
for (const entry of [...selfByFunction].filter(([key]) => !key.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(entry));
