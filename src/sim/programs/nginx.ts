/**
 * nginx 1.22.1 as the oracle's image runs it (the official image's default server):
 * the stock welcome page on / and its 404 elsewhere, byte for byte, and the access
 * log line it writes to the container's stdout (what `docker logs` shows).
 */
import type { WalkState } from "../kernel/stack/context.ts";
import { appendLog } from "../kernel/stack/context.ts";
import { byteLength } from "../kernel/stack/packet.ts";
import { EPOCH_MS } from "../kernel/clock.ts";
import { etag, httpDate, MONTHS, two, type HttpRequest, type HttpResponse } from "./http.ts";
import { NGINX_WELCOME } from "../machines/nginx-welcome.ts";
import { NGINX_MIME_TYPES } from "../machines/nginx-mime-types.ts";
import { findImage } from "../machines/images/index.ts";
import { updateContainer } from "../docker/container.ts";
import { stderrLine } from "../docker/log-lines.ts";
import { netnsOfContainer } from "../docker/shared-netns.ts";
import type { Container, DockerWorld } from "../docker/types.ts";
import type { KernelWorld } from "../kernel/types.ts";

export { NGINX_WELCOME };

const nginxLogDates = new Map<number, string>();

/** nginx's $time_local: `29/Nov/2026:16:19:06 +0000`. */
export function nginxLogDate(ms: number): string {
  let text = nginxLogDates.get(ms);
  if (text === undefined) {
    if (nginxLogDates.size > 1000) nginxLogDates.clear();
    nginxLogDates.set(ms, (text = formatNginxLogDate(ms)));
  }
  return text;
}

function formatNginxLogDate(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

const NGINX_404 =
  "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

const NGINX_WELCOME_SIZE = byteLength(NGINX_WELCOME);

/** Extension → type, from the image's mime.types; the rest is `default_type application/octet-stream`. */
const MIME = new Map<string, string>();
for (const m of NGINX_MIME_TYPES.matchAll(/^\s+([\w.+-]+\/[\w.+-]+)\s+([^;]+);/gm))
  for (const ext of m[2]!.trim().split(/\s+/)) if (!MIME.has(ext)) MIME.set(ext, m[1]!);

function mimeType(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return (dot > 0 ? MIME.get(name.slice(dot + 1).toLowerCase()) : undefined) ?? "application/octet-stream";
}

/** A document under nginx's root, by URL path: the file's text, or undefined when there is none. */
export type DocRoot = (urlPath: string) => string | undefined;

/** The stock image's root: the welcome page alone. */
const STOCK_ROOT: DocRoot = (p) => (p === "/index.html" ? NGINX_WELCOME : undefined);

/** The file a request names under the root (`/` is its index), without the query. */
export function docPath(path: string): string {
  const p = path.replace(/[?#].*$/, "");
  return p.endsWith("/") ? p + "index.html" : p;
}

export function nginxResponse(req: HttpRequest, now: number, mtime: number, root: DocRoot = STOCK_ROOT): HttpResponse {
  const doc = root(docPath(req.path));
  if (doc === undefined) {
    return {
      version: "HTTP/1.1",
      status: 404,
      reason: "Not Found",
      headers: [
        "Server: nginx/1.22.1",
        `Date: ${httpDate(now)}`,
        "Content-Type: text/html",
        `Content-Length: ${byteLength(NGINX_404)}`,
        "Connection: keep-alive",
      ],
      body: NGINX_404,
    };
  }
  const size = doc === NGINX_WELCOME ? NGINX_WELCOME_SIZE : byteLength(doc);
  return {
    version: "HTTP/1.1",
    status: 200,
    reason: "OK",
    headers: [
      "Server: nginx/1.22.1",
      `Date: ${httpDate(now)}`,
      `Content-Type: ${mimeType(docPath(req.path))}`,
      `Content-Length: ${size}`,
      `Last-Modified: ${httpDate(mtime)}`,
      "Connection: keep-alive",
      `ETag: ${etag(mtime, size)}`,
      "Accept-Ranges: bytes",
    ],
    body: doc,
  };
}

const ROOT = "/usr/share/nginx/html";

/** The container's nginx root: what was written there (`docker cp`, `echo >`) over the image's files. */
function containerRoot(world: KernelWorld, c: Container | undefined): DocRoot {
  if (!c) return STOCK_ROOT;
  const key = netnsOfContainer(c);
  const stored = Object.hasOwn(world.files, key) ? world.files[key]! : {};
  const disk = findImage(c.image)?.machine.disk;
  return (p) => {
    const path = ROOT + p;
    if (Object.hasOwn(stored, path)) return stored[path];
    if (!disk || !Object.hasOwn(disk.entries, path) || !disk.entries[path]!.startsWith("f")) return undefined;
    return Object.hasOwn(disk.content, path) ? disk.content[path] : "";
  };
}

/** `2026/11/29 16:19:06`: the time nginx stamps its error log with. */
function errorLogDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** The worker's PID in the container (the master is 1). */
const WORKER_PID = 7;

/**
 * nginx answers a request from `client` and logs it to its container's log (world.logs[container id]):
 * the access line on stdout, and for a file it cannot open the error line (on stderr) before it.
 */
export function nginxServe(st: WalkState, container: string, req: HttpRequest, client: string): HttpResponse {
  const now = st.world.clock;
  // The walk's world holds Docker's state when the lab runs (unit tests may walk a bare kernel).
  const dw = "docker" in st.world ? (st.world as KernelWorld & DockerWorld) : undefined;
  const c = dw?.docker.containers.find((x) => x.id === container);
  const conn = (c?.connections ?? 0) + 1;
  if (c && dw) st.world = updateContainer(dw, c.id, (x) => ({ ...x, connections: conn }));
  // The image's files were written at the world's first instant.
  const r = nginxResponse(req, now, EPOCH_MS, containerRoot(st.world, c));
  const size = req.method === "HEAD" ? 0 : byteLength(r.body);
  const lines: string[] = [];
  if (r.status === 404) {
    const file = ROOT + docPath(req.path);
    lines.push(
      stderrLine(
        `${errorLogDate(now)} [error] ${WORKER_PID}#${WORKER_PID}: *${conn} open() "${file}" failed (2: No such file or directory), client: ${client}, server: localhost, request: "${req.method} ${req.path} HTTP/1.1", host: "${req.host}"`,
      ),
    );
  }
  appendLog(st, container, [...lines, nginxLogLine(now, req, client, r.status, size)]);
  return r;
}

function nginxLogLine(now: number, req: HttpRequest, client: string, status: number, size: number): string {
  return `${client} - - [${nginxLogDate(now)}] "${req.method} ${req.path} HTTP/1.1" ${status} ${size} "-" "${req.userAgent}" "-"`;
}

/** Where a frozen nginx's unread requests wait: dockerd's unpause moves these lines into the container's log. */
export function pausedLogName(container: string): string {
  return `paused:${container}`;
}

/**
 * A request that reached a frozen (paused) nginx: it sits in the socket until the
 * container is unpaused, then nginx serves it and logs it. The oracle's log then shows
 * 0 bytes sent where the client had already closed, the whole page where docker-proxy
 * still held its side open.
 */
export function nginxQueue(st: WalkState, container: string, req: HttpRequest, client: string, open: boolean): void {
  const r = nginxResponse(req, st.world.clock, EPOCH_MS);
  const size = open && req.method !== "HEAD" ? byteLength(r.body) : 0;
  appendLog(st, pausedLogName(container), [nginxLogLine(st.world.clock, req, client, r.status, size)]);
}
