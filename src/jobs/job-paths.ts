/**
 * Where a job's HTTP resources live, relative to this server (it does not know the public host a
 * proxy puts in front of it): clients resolve them against the URL they called.
 */
export function jobPath(id: string): string {
  return `/jobs/${encodeURIComponent(id)}`;
}

export function resultsCsvPath(id: string): string {
  return `${jobPath(id)}/results.csv`;
}
