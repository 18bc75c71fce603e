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

export function nginxResponse(req: HttpRequest, now: number, mtime: number): HttpResponse {
  const found = req.path === "/" || req.path === "/index.html";
  if (!found) {
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
  const size = NGINX_WELCOME_SIZE;
  return {
    version: "HTTP/1.1",
    status: 200,
    reason: "OK",
    headers: [
      "Server: nginx/1.22.1",
      `Date: ${httpDate(now)}`,
      "Content-Type: text/html",
      `Content-Length: ${size}`,
      `Last-Modified: ${httpDate(mtime)}`,
      "Connection: keep-alive",
      `ETag: ${etag(mtime, size)}`,
      "Accept-Ranges: bytes",
    ],
    body: NGINX_WELCOME,
  };
}

/** nginx answers a request from `client` and logs it to its container's log (world.logs[container id]). */
export function nginxServe(st: WalkState, container: string, req: HttpRequest, client: string): HttpResponse {
  const now = st.world.clock;
  // The image's files were written at the world's first instant.
  const r = nginxResponse(req, now, EPOCH_MS);
  const size = req.method === "HEAD" ? 0 : byteLength(r.body);
  appendLog(st, container, [nginxLogLine(now, req, client, r.status, size)]);
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
