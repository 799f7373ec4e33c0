import type { Report } from "./report.js";
import type { StubProcess } from "./stub-process.js";
export async function peersBench(_stub: StubProcess, _report: Report, _nodeFlags: readonly string[]): Promise<void> {}
export const peersBudgetMs = () => 1000;
