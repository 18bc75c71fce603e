/**
 * busybox 1.35's httpd as `httpd -f -h HOME` runs it: a file under HOME with its type by
 * suffix, a directory's index.html, `Connection: close` on every answer (the server closes
 * first), and its own short error pages, as the oracle's curl -i showed them. It logs
 * nothing unless `-v`.
 */
import type { WalkState } from "../kernel/stack/context.ts";
import { byteLength } from "../kernel/stack/packet.ts";
import { EPOCH_MS } from "../kernel/clock.ts";
import { metaOf } from "../kernel/file-meta.ts";
import { isDirectory, readFile } from "../kernel/files.ts";
import type { KernelWorld, ListenerApp } from "../kernel/types.ts";
import { containerImage } from "../machines/images/index.ts";
import type { DockerWorld } from "../docker/types.ts";
import { appendContainerLog, stderrLine } from "../docker/log-lines.ts";
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

/** By the last dot of the URL's path (its home's dots do not count); none at all sends no Content-type. */
function contentType(url: string): string | undefined {
  if (!url.includes(".")) return undefined;
  const ext = /(\.[^./]+)$/.exec(url)?.[1]?.toLowerCase();
  if (!ext) return "application/octet-stream";
  for (const [list, type] of SUFFIXES) if (list.split(/(?=\.)/).includes(ext)) return type;
  return "application/octet-stream";
}

function errorPage(status: number, reason: string, text: string): string {
  return `<HTML><HEAD><TITLE>${status} ${reason}</TITLE></HEAD>\n<BODY><H1>${status} ${reason}</H1>\n${text}\n</BODY></HTML>\n`;
}

function answer(now: number, status: number, reason: string, extra: readonly string[], body: string): HttpResponse {
  const headers = [`Date: ${httpDate(now)}`, "Connection: close", "Content-type: text/html", ...extra];
  return { version: "HTTP/1.1", status, reason, headers, body };
}

function failure(now: number, status: number, reason: string, text: string): HttpResponse {
  return answer(now, status, reason, [], errorPage(status, reason, text));
}

type HttpdApp = Extract<ListenerApp, { kind: "httpd" }>;

/** What the image holds at `path` (a file's text, or a directory), unless the container removed it. */
function fromImage(world: KernelWorld, app: HttpdApp, path: string): { text: string } | "dir" | undefined {
  if (metaOf(world, app.fs, path)?.kind === "gone") return undefined;
  const dw = "docker" in world ? (world as KernelWorld & DockerWorld) : undefined;
  const c = dw?.docker.containers.find((x) => x.id === app.container);
  const disk = c ? containerImage(c)?.machine.disk : undefined;
  const entry = disk && Object.hasOwn(disk.entries, path) ? disk.entries[path]! : undefined;
  if (entry?.startsWith("d")) return "dir";
  if (entry?.startsWith("f")) return { text: Object.hasOwn(disk!.content, path) ? disk!.content[path]! : "" };
  return undefined;
}

/**
 * What httpd serving `app.home` answers to `req` from `client` (its address and port, as
 * accepted): with `-v` it says so on stderr, its container's log, one line a response, the
 * client as its socket saw it (an IPv4 client of a dual-stack socket is `[::ffff:A]`).
 */
export function httpdServe(
  st: WalkState,
  app: HttpdApp,
  req: HttpRequest,
  client?: { readonly addr: string; readonly port: number; readonly v6: boolean },
): HttpResponse {
  const r = httpdAnswer(st, app, req);
  if (app.verbose && client && app.container !== "") {
    const who = client.v6 ? `[::ffff:${client.addr}]` : client.addr;
    appendContainerLog(st, app.container, [stderrLine(`${who}:${client.port}: response:${r.status}`)]);
  }
  return r;
}

function httpdAnswer(st: WalkState, app: HttpdApp, req: HttpRequest): HttpResponse {
  const { fs, home } = app;
  const now = st.world.clock;
  const query = /\?.*$/.exec(req.path)?.[0] ?? "";
  let url: string;
  try {
    url = decodeURIComponent(req.path.replace(/[?#].*$/, ""));
  } catch {
    url = "";
  }
  // A path that climbs out of its home, however it is spelt, is refused before anything else.
  if (!url.startsWith("/") || /(^|\/)\.\.(\/|$)/.test(url))
    return failure(now, 400, "Bad Request", "Unsupported method");
  url = url.replace(/\/{2,}/g, "/");
  const base = home === "/" ? "" : home;
  let path = base + url;
  const index = path.endsWith("/");
  if (index) path += "index.html";
  const world = st.world;
  // A directory named without its slash is sent to the name with one.
  const image = fromImage(world, app, path);
  if (isDirectory(world, fs, path) || image === "dir")
    return answer(now, 302, "Found", [`Location: ${url}/${query}`], "");
  const text = readFile(world, fs, path) ?? image?.text;
  // A directory without index.html is looked for before the method (its cgi-bin/index.cgi
  // would take any), so a POST to it is 404 as a GET is; a file refuses it with 501 first.
  const missing = () => failure(now, 404, "Not Found", "The requested URL was not found");
  if (text === undefined && index) return missing();
  // Without CGI it serves GET and HEAD only.
  if (req.method !== "GET" && req.method !== "HEAD")
    return failure(now, 501, "Not Implemented", "The requested method is not recognized");
  if (text === undefined) return missing();
  // The lab keeps no file times: a page reads as written when the world began (as nginx's do).
  const mtime = EPOCH_MS;
  const size = byteLength(text);
  const type = contentType(path.slice(base.length));
  return {
    version: "HTTP/1.1",
    status: 200,
    reason: "OK",
    headers: [
      `Date: ${httpDate(now)}`,
      "Connection: close",
      ...(type ? [`Content-type: ${type}`] : []),
      "Accept-Ranges: bytes",
      `Last-Modified: ${httpDate(mtime)}`,
      `ETag: ${etag(mtime, size)}`,
      `Content-Length: ${size}`,
    ],
    body: text,
  };
}
