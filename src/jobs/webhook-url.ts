const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * A webhook may go only to a host in WEBHOOK_ALLOWED_HOSTS (none by default), over https; plain
 * http only to loopback, for a receiver on the same machine. No credentials in the URL: they would
 * be logged by proxies along the way.
 */
export function isAllowedWebhookUrl(value: string, allowedHosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  if (url.username !== "" || url.password !== "") return false;
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(host))) return false;
  return allowedHosts.includes(host);
}
