import { request } from "undici";

/** GET <url>/metrics and /readyz: what the layer says about itself over HTTP. */
export async function scrapeMetrics(url: string): Promise<string> {
  const response = await request(`${url}/metrics`, { headersTimeout: 5_000, bodyTimeout: 5_000 });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`/metrics answered ${response.statusCode}`);
  return text;
}

/** `portability_cache_lookups_total` by outcome label (hit, miss, …); outcomes not seen are absent. */
export function cacheLookups(metrics: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of metrics.matchAll(/^portability_cache_lookups_total\{outcome="([^"]*)"\} (\S+)$/gm)) {
    counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

/** Lookups by outcome between two scrapes. */
export function lookupsBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const outcome of new Set([...Object.keys(before), ...Object.keys(after)])) out[outcome] = (after[outcome] ?? 0) - (before[outcome] ?? 0);
  return out;
}

export interface Readiness {
  readonly status?: string;
  readonly state?: string;
  readonly redis?: { readonly state?: string; readonly lastErrorCode?: string | null };
}

export async function readiness(url: string): Promise<Readiness> {
  const response = await request(`${url}/readyz`, { headersTimeout: 5_000, bodyTimeout: 5_000 });
  return (await response.body.json()) as Readiness;
}
