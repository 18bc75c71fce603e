/**
 * How nginx reads the path of a request line (ngx_http_parse_complex_uri): percent-escapes
 * decoded, `.` segments dropped and `..` taking the segment before it away. A `..` with
 * nothing left to take climbs out of the root, and nginx refuses the request line itself.
 */
import type { HttpResponse } from "./http.ts";
import { made, statusPage } from "./nginx-site.ts";

/** The path nginx works with, without the query; undefined where a `..` climbs above `/`. */
export function nginxUriPath(target: string): string | undefined {
  const raw = target.replace(/[?#].*$/, "");
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    path = raw;
  }
  if (!/(^|\/)\.\.?(\/|$)/.test(path)) return path;
  const out: string[] = [];
  const parts = path.split("/").slice(1);
  for (let i = 0; i < parts.length; i++) {
    const seg = parts[i]!;
    const last = i === parts.length - 1;
    if (seg === "..") {
      if (out.length === 0) return undefined;
      out.pop();
    }
    if (seg === "." || seg === "..") {
      if (last) out.push("");
    } else out.push(seg);
  }
  return "/" + out.join("/");
}

/** The 400 nginx answers a request line it cannot parse, and closes on. */
export function badRequest(now: number): HttpResponse {
  return made(now, 400, "text/html", statusPage(400), [], { close: true });
}
