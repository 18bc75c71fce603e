/**
 * What curl reads off an answer and a host name: the announced length, a redirect's
 * target, the names it answers without a resolver, and what -v says of a cached connection.
 */
import type { HttpResponse } from "../../../programs/http.ts";

/** Content-Length, as the meter's total; 0 when the server sent none. */
export function contentLength(headers: readonly string[]): number {
  const h = headers.find((x) => /^content-length:/i.test(x));
  return h ? Number(h.replace(/^[^:]*:\s*/, "")) || 0 : 0;
}

/** The names curl answers without a resolver since 7.85: `localhost` and any `*.localhost`. */
export function isLocalhost(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h.endsWith(".localhost");
}

/** %{redirect_url}: a 3xx answer's Location, a path on the same origin made absolute. */
export function redirectOf(
  r: HttpResponse,
  url: { scheme: string; host: string; port: number },
): { redirectUrl?: string } {
  if (r.status < 300 || r.status > 399) return {};
  const loc = r.headers.find((h) => /^location:/i.test(h))?.replace(/^[^:]*:\s*/, "");
  if (loc === undefined) return {};
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(loc)) return { redirectUrl: loc };
  const origin = `${url.scheme}://${url.host}${url.port === 80 ? "" : ":" + url.port}`;
  return { redirectUrl: origin + (loc.startsWith("/") ? loc : "/" + loc) };
}

/**
 * curl 7.88 -v's lines for a connection its cache still holds for the host. It names the
 * cache's bundle by its heap address; this is one the oracle's showed, a real one differs per run.
 */
export function reuseLines(host: string): string[] {
  return [
    "* Found bundle for host: 0x5583d4a9fc90 [serially]",
    "* Can not multiplex, even if we wanted to",
    `* Re-using existing connection #0 with host ${host}`,
  ];
}
