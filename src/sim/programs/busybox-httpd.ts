/**
 * busybox 1.35's httpd as `httpd -f -h HOME` runs it: a file under HOME with its type by
 * suffix, `Connection: close` on every answer (the server closes first), and its own short
 * 404 page, as the oracle's curl -i showed them. It logs nothing unless `-v`.
 */
import type { WalkState } from "../kernel/stack/context.ts";
import { byteLength } from "../kernel/stack/packet.ts";
import { EPOCH_MS } from "../kernel/clock.ts";
import { isDirectory, readFile } from "../kernel/files.ts";
import { etag, httpDate, type HttpRequest, type HttpResponse } from "./http.ts";

/** httpd.c's suffix table, in its order; anything else is application/octet-stream. */
const SUFFIXES: readonly (readonly [string, string])[] = [
  [".htm.html", "text/html"],
  [".jpg.jpeg", "image/jpeg"],
  [".gif", "image/gif"],
  [".png", "image/png"],
  [".txt.h.c.cc.cpp", "text/plain"],
  [".css", "text/css"],
  [".wav", "audio/wav"],
  [".avi", "video/x-msvideo"],
  [".qt.mov", "video/quicktime"],
  [".mpe.mpeg", "video/mpeg"],
  [".mid.midi", "audio/midi"],
  [".mp3", "audio/mpeg"],
  [".js", "application/javascript"],
];

function contentType(path: string): string {
  const ext = /(\.[^./]+)$/.exec(path)?.[1]?.toLowerCase();
  if (!ext) return "application/octet-stream";
  for (const [list, type] of SUFFIXES) if (list.split(/(?=\.)/).includes(ext)) return type;
  return "application/octet-stream";
}

function errorPage(status: number, reason: string, text: string): string {
  return `<HTML><HEAD><TITLE>${status} ${reason}</TITLE></HEAD>\n<BODY><H1>${status} ${reason}</H1>\n${text}\n</BODY></HTML>\n`;
}

function failure(now: number, status: number, reason: string, text: string): HttpResponse {
  return {
    version: "HTTP/1.1",
    status,
    reason,
    headers: [`Date: ${httpDate(now)}`, "Connection: close", "Content-type: text/html"],
    body: errorPage(status, reason, text),
  };
}

/** What httpd serving `home` of filesystem `fs` answers to `req`. */
export function httpdServe(st: WalkState, fs: string, home: string, req: HttpRequest): HttpResponse {
  const now = st.world.clock;
  if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "POST")
    return failure(now, 501, "Not Implemented", "The requested method is not recognized");
  let url: string;
  try {
    url = decodeURIComponent(req.path.replace(/[?#].*$/, ""));
  } catch {
    return failure(now, 400, "Bad Request", "No request appeared within a reasonable time period");
  }
  // It refuses a path that climbs out of its home.
  if (!url.startsWith("/") || /(^|\/)\.\.(\/|$)/.test(url))
    return failure(now, 400, "Bad Request", "No request appeared within a reasonable time period");
  const base = home === "/" ? "" : home;
  let path = base + url;
  if (path.endsWith("/")) path += "index.html";
  const world = st.world;
  const text = isDirectory(world, fs, path) ? undefined : readFile(world, fs, path);
  if (text === undefined) return failure(now, 404, "Not Found", "The requested URL was not found");
  if (req.method === "POST") return failure(now, 501, "Not Implemented", "The requested method is not recognized");
  // The lab keeps no file times: a page reads as written when the world began (as nginx's do).
  const mtime = EPOCH_MS;
  const size = byteLength(text);
  return {
    version: "HTTP/1.1",
    status: 200,
    reason: "OK",
    headers: [
      `Date: ${httpDate(now)}`,
      "Connection: close",
      `Content-type: ${contentType(path)}`,
      "Accept-Ranges: bytes",
      `Last-Modified: ${httpDate(mtime)}`,
      `ETag: ${etag(mtime, size)}`,
      `Content-Length: ${size}`,
    ],
    body: text,
  };
}
