/**
 * How nginx reads a request before any location (ngx_http_parse_complex_uri and the
 * header checks): percent-escapes decoded, runs of slashes merged (merge_slashes), `.`
 * segments dropped and `..` taking the segment before it away. A `..` with nothing left to
 * take climbs out of the root, and an HTTP/1.1 request without a Host is incomplete: nginx
 * refuses both with a 400. Its range filter answers `Range: bytes=…` with one part.
 */
import { byteLength } from "../kernel/stack/packet.ts";
import type { HttpRequest, HttpResponse } from "./http.ts";
import { made, statusPage } from "./nginx-site.ts";

/** The path with its escapes decoded; bytes that are no UTF-8 stay as sent. */
export function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The path nginx works with, without the query; undefined where a `..` climbs above `/`. */
export function nginxUriPath(target: string): string | undefined {
  const raw = target.replace(/[?#].*$/, "");
  // A `%` without two hex digits after it is no escape: nginx refuses the line.
  if (/%(?![0-9a-f]{2})/i.test(raw)) return undefined;
  const path = decoded(raw).replace(/\/{2,}/g, "/");
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

/** The 400 nginx answers a request it cannot take, and closes on. */
export function badRequest(now: number): HttpResponse {
  return made(now, 400, "text/html", statusPage(400), [], { close: true });
}

/** Whether nginx refuses the request as a whole: a path above its root, or HTTP/1.1 without a Host. */
export function refusedRequest(req: HttpRequest): boolean {
  return nginxUriPath(req.path) === undefined || (!req.http10 && req.host === "");
}

/** The path to find the file by: as sent, unless nginx's reading of it (slashes, dots) differs. */
export function servedPath(target: string): string {
  const uri = nginxUriPath(target);
  return uri === undefined || uri === decoded(target.replace(/[?#].*$/, "")) ? target : encodeURI(uri);
}

/**
 * A file's 200 cut to the one span `Range: bytes=S-E` (or `S-`, `-N`) asks for: 206 with its
 * Content-Range and without Accept-Ranges, or 416 when it starts past the end. Several spans
 * or another unit leave the whole file, as they do here with nginx's default max_ranges.
 */
export function withRange(r: HttpResponse, range: string | undefined, now: number): HttpResponse {
  const m = range !== undefined ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
  if (r.status !== 200 || !m || (m[1] === "" && m[2] === "")) return r;
  const size = byteLength(r.body);
  let start = m[1] === "" ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  let end = m[1] === "" || m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[1] === "" && Number(m[2]) === 0) start = size;
  if (start >= size || start > end)
    return made(now, 416, "text/html", statusPage(416), [`Content-Range: bytes */${size}`]);
  end = Math.max(end, start);
  const body = r.body.slice(start, end + 1);
  const headers = r.headers
    .filter((h) => h !== "Accept-Ranges: bytes")
    .map((h) => (h.startsWith("Content-Length:") ? `Content-Length: ${byteLength(body)}` : h));
  return {
    ...r,
    status: 206,
    reason: "Partial Content",
    headers: [...headers, `Content-Range: bytes ${start}-${end}/${size}`],
    body,
  };
}
