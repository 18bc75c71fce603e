/**
 * How nginx reads a request before any location (ngx_http_parse_complex_uri and the
 * header checks): percent-escapes decoded, runs of slashes merged (merge_slashes), `.`
 * segments dropped and `..` taking the segment before it away. A `..` with nothing left to
 * take climbs out of the root, and an HTTP/1.1 request without a Host is incomplete: nginx
 * refuses both with a 400. Its range filter answers `Range: bytes=…`.
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
  // A `%` without two hex digits after it is no escape, and `%00` no byte of a path: nginx refuses the line.
  if (/%(?![0-9a-f]{2})|%00/i.test(raw)) return undefined;
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

/**
 * Whether nginx refuses the request as a whole: a path it cannot read, HTTP/1.1 without a
 * Host, or a Content-Length that is no number.
 */
export function refusedRequest(req: HttpRequest): boolean {
  const badLength = req.contentLength !== undefined && !/^\d+$/.test(req.contentLength.trim());
  return nginxUriPath(req.path) === undefined || (req.version !== "HTTP/1.0" && req.host === "") || badLength;
}

/** The path to find the file by: as sent, unless nginx's reading of it (slashes, dots) differs. */
export function servedPath(target: string): string {
  const uri = nginxUriPath(target);
  return uri === undefined || uri === decoded(target.replace(/[?#].*$/, "")) ? target : encodeURI(uri);
}

/** nginx's multipart boundary: its temp-number counter, printed NGX_ATOMIC_T_LEN (20) digits wide. */
const BOUNDARY = "00000000000000000001";

/**
 * One `S-E`, `S-` or `-N` of a Range over `size` bytes: its span, null when it misses the file,
 * undefined when malformed, "416" when it ends before it starts (nginx then refuses them all).
 */
function span(spec: string, size: number): { start: number; end: number } | null | undefined | "416" {
  const m = /^(\d*)-(\d*)$/.exec(spec.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const n = Number(m[2]);
    return n === 0 ? null : { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return "416";
  return start >= size ? null : { start, end };
}

/**
 * A file's 200 cut to what `Range: bytes=…` asks for (nginx's range filter): one span is a
 * 206 with its Content-Range and without Accept-Ranges; several are one multipart/byteranges
 * body, each part with its type and range; none inside the file is a 416. A malformed list
 * or another unit leaves the whole file.
 */
export function withRange(r: HttpResponse, range: string | undefined, now: number): HttpResponse {
  const m = range !== undefined ? /^bytes=(.*)$/.exec(range.trim()) : null;
  if (r.status !== 200 || !m) return r;
  const size = byteLength(r.body);
  const asked = m[1]!.split(",").map((x) => span(x, size));
  if (asked.some((x) => x === undefined)) return r;
  const spans = asked.filter((x): x is { start: number; end: number } => typeof x === "object" && x !== null);
  if (spans.length === 0 || asked.includes("416"))
    return made(now, 416, "text/html", statusPage(416), [`Content-Range: bytes */${size}`]);
  const type = r.headers.find((h) => h.startsWith("Content-Type:"))?.slice(14) ?? "text/html";
  const multi = spans.length > 1;
  const body = multi
    ? spans
        .map(
          (x) =>
            `\r\n--${BOUNDARY}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${x.start}-${x.end}/${size}\r\n\r\n` +
            r.body.slice(x.start, x.end + 1),
        )
        .join("") + `\r\n--${BOUNDARY}--\r\n`
    : r.body.slice(spans[0]!.start, spans[0]!.end + 1);
  const headers = r.headers
    .filter((h) => h !== "Accept-Ranges: bytes")
    .map((h) =>
      h.startsWith("Content-Length:")
        ? `Content-Length: ${byteLength(body)}`
        : multi && h.startsWith("Content-Type:")
          ? `Content-Type: multipart/byteranges; boundary=${BOUNDARY}`
          : h,
    );
  const one = multi ? [] : [`Content-Range: bytes ${spans[0]!.start}-${spans[0]!.end}/${size}`];
  return { ...r, status: 206, reason: "Partial Content", headers: [...headers, ...one], body };
}
