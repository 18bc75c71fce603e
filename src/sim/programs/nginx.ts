/**
 * nginx 1.22.1 as the oracle's image runs it (the official image's default server):
 * the stock welcome page on / and its 404 elsewhere, byte for byte, and the access
 * log line it writes to the container's stdout (what `docker logs` shows).
 */
import type { WalkState } from "../kernel/stack/context.ts";
import { appendLog } from "../kernel/stack/context.ts";
import { byteLength } from "../kernel/stack/packet.ts";
import { EPOCH_MS } from "../kernel/clock.ts";
import { MONTHS, remoteUser, requestProtocol, two, type HttpRequest, type HttpResponse } from "./http.ts";
import { NGINX_WELCOME } from "../machines/nginx-welcome.ts";
import { metaOf } from "../kernel/file-meta.ts";
import { readFile } from "../kernel/files.ts";
import { resolvePath } from "../kernel/mounts.ts";
import { containerImage } from "../machines/images/index.ts";
import { updateContainer } from "../docker/container.ts";
import { appendContainerLog, stderrLine } from "../docker/log-lines.ts";
import { netnsOfContainer } from "../docker/shared-netns.ts";
import type { Container, DockerWorld } from "../docker/types.ts";
import type { KernelWorld, Listener } from "../kernel/types.ts";
import { siteServe } from "./nginx-serve.ts";
import { fileResponse, made, statusPage, stockTypes } from "./nginx-site.ts";
import type { Answerer } from "./nginx-proxy.ts";
import { badRequest, decoded, refusedRequest, servedPath, withRange } from "./nginx-uri.ts";

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

const NGINX_WELCOME_SIZE = byteLength(NGINX_WELCOME);

const DOCROOT = "/usr/share/nginx/html";
/** The Content-Type nginx gives a file by its extension (mime.types; default_type application/octet-stream). */
function contentType(path: string): string {
  const types = stockTypes();
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase();
  return (ext !== undefined && Object.hasOwn(types, ext) ? types[ext] : undefined) || "application/octet-stream";
}

/**
 * The file a GET of `reqPath` serves from the container's document root: what the lab's
 * commands wrote there (a copied page), else the image's index.html, unless removed.
 */
export function docrootFile(
  world: KernelWorld,
  container: string,
  reqPath: string,
  image: (path: string) => string | undefined = () => undefined,
): { text: string; type: string } | "forbidden" | undefined {
  let path = DOCROOT + decoded(reqPath.replace(/[?#].*$/, "")).replace(/\/\.\.?(?=\/|$)/g, "");
  const dirIndex = path.endsWith("/");
  if (dirIndex) path += "index.html";
  const at = resolvePath(world, container, path);
  // A mount over the document root (`-v DIR:/usr/share/nginx/html`) hides the image's pages.
  if (at.fs !== container)
    return mountedFile(world, at.fs, at.path, path, dirIndex && path === DOCROOT + "/index.html");
  const files = Object.hasOwn(world.files, container) ? world.files[container]! : {};
  const meta = metaOf(world, container, path);
  // The workers run as an unprivileged user: a page others cannot read is refused.
  if (meta?.mode !== undefined && !(meta.mode & 0o004) && meta.kind === undefined) return "forbidden";
  if (Object.hasOwn(files, path)) return { text: files[path]!, type: contentType(path) };
  if (path === DOCROOT + "/index.html" && meta?.kind === undefined) return { text: NGINX_WELCOME, type: "text/html" };
  const fromImage = meta?.kind === undefined ? image(path) : undefined;
  if (fromImage !== undefined) return { text: fromImage, type: contentType(path) };
  // Without an index, a directory's listing is off (autoindex): 403.
  return dirIndex && path === DOCROOT + "/index.html" ? "forbidden" : undefined;
}

function mountedFile(
  world: KernelWorld,
  fs: string,
  at: string,
  path: string,
  rootIndex: boolean,
): { text: string; type: string } | "forbidden" | undefined {
  const meta = metaOf(world, fs, at);
  if (meta?.mode !== undefined && !(meta.mode & 0o004) && meta.kind === undefined) return "forbidden";
  const text = meta?.kind === undefined ? readFile(world, fs, at) : undefined;
  if (text !== undefined) return { text, type: contentType(path) };
  return rootIndex ? "forbidden" : undefined;
}

export function nginxResponse(
  req: HttpRequest,
  now: number,
  mtime: number,
  doc: { text: string; type: string } | "forbidden" | null = req.path === "/" || req.path === "/index.html"
    ? { text: NGINX_WELCOME, type: "text/html" }
    : null,
): HttpResponse {
  // The static handler refuses methods other than GET, HEAD and POST at once; a POST only once it
  // has opened the file, so a POST to a missing page is a 404 (the oracle's curl -d to /nope).
  const reads = req.method === "GET" || req.method === "HEAD";
  const known = reads || req.method === "POST";
  if (!known || !doc || doc === "forbidden" || !reads) {
    const status = !known ? 405 : !doc ? 404 : doc === "forbidden" ? 403 : 405;
    return made(now, status, "text/html", statusPage(status));
  }
  const size = doc.text === NGINX_WELCOME ? NGINX_WELCOME_SIZE : byteLength(doc.text);
  return fileResponse(now, { text: doc.text, type: doc.type, size, mtime });
}

const ROOT = DOCROOT;

/** The file a request names under the root (`/` is its index), without the query. */
export function docPath(path: string): string {
  const p = path.replace(/[?#].*$/, "");
  return p.endsWith("/") ? p + "index.html" : p;
}

/** A file the image itself holds under nginx's root (50x.html), by absolute path. */
function imageDoc(c: Container | undefined): (path: string) => string | undefined {
  const disk = c ? containerImage(c)?.machine.disk : undefined;
  return (path) => {
    if (!disk || !Object.hasOwn(disk.entries, path) || !disk.entries[path]!.startsWith("f")) return undefined;
    return Object.hasOwn(disk.content, path) ? disk.content[path] : "";
  };
}

/** `2026/11/29 16:19:06`: the time nginx stamps its error log with. */
export function errorLogDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** The worker's PID in the container (the master is 1) until a reload forks another. */
export const WORKER_PID = 7;

/** The PID the worker of container `c` writes in its error lines. */
export function workerPid(c: { readonly nginxWorker?: number } | undefined): number {
  return c?.nginxWorker ?? WORKER_PID;
}

/**
 * nginx answers a request from `client` and logs it to its container's log (world.logs[container id]):
 * the access line on stdout, and for a file it cannot open the error line (on stderr) before it.
 */
export function nginxServe(
  st: WalkState,
  container: string,
  req: HttpRequest,
  client: string,
  listener?: Listener,
  answer?: Answerer,
): HttpResponse {
  const now = st.world.clock;
  // The walk's world holds Docker's state when the lab runs (unit tests may walk a bare kernel).
  const dw = "docker" in st.world ? (st.world as KernelWorld & DockerWorld) : undefined;
  const c = dw?.docker.containers.find((x) => x.id === container);
  const conn = (c?.connections ?? 0) + 1;
  if (c && dw) st.world = updateContainer(dw, c.id, (x) => ({ ...x, connections: conn }));
  if (c?.serverConf && listener && answer)
    return siteServe(st, c, c.serverConf, { req, client, port: listener.port, addr: listener.addr, now }, conn, answer);
  // The image's files were written at the world's first instant.
  const key = c ? netnsOfContainer(c) : container;
  // A path with `//`, `.` or `..` in it names the file it leads to.
  const asked = servedPath(req.path);
  const r = refusedRequest(req)
    ? badRequest(now)
    : withRange(
        nginxResponse(req, now, EPOCH_MS, docrootFile(st.world, key, asked, imageDoc(c)) ?? null),
        req.range,
        now,
      );
  const size = req.method === "HEAD" ? 0 : byteLength(r.body);
  const lines: string[] = [];
  if (r.status === 404) {
    const file = ROOT + docPath(asked);
    lines.push(
      stderrLine(
        `${errorLogDate(now)} [error] ${workerPid(c)}#${workerPid(c)}: *${conn} open() "${file}" failed (2: No such file or directory), client: ${client}, server: localhost, request: "${req.method} ${req.path} ${requestProtocol(req)}", host: "${req.host}"`,
      ),
    );
  }
  appendContainerLog(st, container, [...lines, nginxLogLine(now, req, client, r.status, size)]);
  return r;
}

export function nginxLogLine(now: number, req: HttpRequest, client: string, status: number, size: number): string {
  // The image's `main` format: an empty $remote_user or $http_referer logs as "-".
  const user = remoteUser(req) || "-";
  const referer = (req.referer ?? "") || "-";
  return `${client} - ${user} [${nginxLogDate(now)}] "${req.method} ${req.path} ${requestProtocol(req)}" ${status} ${size} "${referer}" "${req.userAgent}" "-"`;
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
  const r = nginxResponse(req, st.world.clock, EPOCH_MS, docrootFile(st.world, container, req.path) ?? null);
  const size = open && req.method !== "HEAD" ? byteLength(r.body) : 0;
  appendLog(st, pausedLogName(container), [nginxLogLine(st.world.clock, req, client, r.status, size)]);
}
