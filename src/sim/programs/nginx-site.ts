/**
 * nginx answering with a configuration of the learner's own (docker/nginx-conf.ts loads it):
 * the server a connection's port and Host pick, the location its URI falls in, then that
 * level's `return`, its `proxy_pass` (nginx-proxy.ts), or a file under its root; headers
 * in the order nginx 1.22.1 writes them, add_header's only on the statuses it allows.
 */
import { byteLength } from "../kernel/stack/packet.ts";
import { EPOCH_MS } from "../kernel/clock.ts";
import { metaOf } from "../kernel/file-meta.ts";
import { isDirectory, readFile } from "../kernel/files.ts";
import { resolvePath } from "../kernel/mounts.ts";
import type { KernelWorld } from "../kernel/types.ts";
import { containerImage } from "../machines/images/index.ts";
import {
  effective,
  locationFor,
  serverFor,
  type NginxConf,
  type NginxServer,
  type Scope,
} from "../machines/images/nginx-conf/model.ts";
import { NGINX_MIME_TYPES } from "../machines/nginx-mime-types.ts";
import { netnsOfContainer } from "../docker/shared-netns.ts";
import type { Container } from "../docker/types.ts";
import { etag, httpDate, type HttpRequest, type HttpResponse } from "./http.ts";

const REASONS: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  301: "Moved Permanently",
  302: "Moved Temporarily",
  303: "See Other",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Not Allowed",
  410: "Gone",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Temporarily Unavailable",
  504: "Gateway Time-out",
};

/** The statuses add_header adds to (without `always`). */
const WITH_HEADERS = new Set([200, 201, 204, 206, 301, 302, 303, 304, 307, 308]);

export function reasonOf(status: number): string {
  return REASONS[status] ?? "";
}

/** nginx's own page for a status. */
export function statusPage(status: number): string {
  const s = `${status} ${reasonOf(status)}`;
  return `<html>\r\n<head><title>${s}</title></head>\r\n<body>\r\n<center><h1>${s}</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n`;
}

/** What one request came to: the response, and the error-log message it left, if any. */
export interface SiteAnswer {
  readonly response: HttpResponse;
  readonly error?: string;
  readonly server: NginxServer | undefined;
}

export interface SiteRequest {
  readonly req: HttpRequest;
  readonly client: string;
  readonly port: number;
  readonly addr: string;
  readonly now: number;
}

/** nginx's answer made of a status and a body of its own (return, an error page). */
export function made(
  now: number,
  status: number,
  type: string,
  body: string,
  extra: readonly string[] = [],
): HttpResponse {
  const headers = [
    "Server: nginx/1.22.1",
    `Date: ${httpDate(now)}`,
    `Content-Type: ${type}`,
    `Content-Length: ${byteLength(body)}`,
    ...extra.filter((h) => h.startsWith("Location:")),
    "Connection: keep-alive",
    ...extra.filter((h) => !h.startsWith("Location:")),
  ];
  return { version: "HTTP/1.1", status, reason: reasonOf(status), headers, body };
}

function added(scope: Scope, status: number): string[] {
  return WITH_HEADERS.has(status) ? (scope.headers ?? []).map(([k, v]) => `${k}: ${v}`) : [];
}

/** `$uri`, `$host` and the other variables a learner puts in a `return`. */
function expand(text: string, r: SiteRequest, uri: string, server: NginxServer): string {
  const host = r.req.host.replace(/:\d+$/, "") || server.names[0] || "";
  const vars: Readonly<Record<string, string>> = {
    uri,
    document_uri: uri,
    request_uri: r.req.path,
    args: /\?(.*)$/.exec(r.req.path)?.[1] ?? "",
    host,
    http_host: r.req.host,
    remote_addr: r.client,
    server_port: String(r.port),
    request_method: r.req.method,
    scheme: "http",
    server_name: server.names[0] ?? "",
    server_protocol: "HTTP/1.1",
    http_user_agent: r.req.userAgent,
  };
  return text.replace(/\$\{?([a-z_]+)\}?/g, (all, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : all));
}

function answerReturn(
  r: SiteRequest,
  ret: NonNullable<Scope["ret"]>,
  scope: Scope,
  uri: string,
  server: NginxServer,
): HttpResponse {
  const { code } = ret;
  const text = ret.text !== undefined ? expand(ret.text, r, uri, server) : undefined;
  if ([301, 302, 303, 307, 308].includes(code) && text !== undefined) {
    const host = r.req.host.replace(/:\d+$/, "") || server.names[0] || "localhost";
    const location = text.startsWith("/") ? `http://${host}${r.port === 80 ? "" : ":" + r.port}${text}` : text;
    return made(r.now, code, "text/html", statusPage(code), [`Location: ${location}`, ...added(scope, code)]);
  }
  if (text === undefined && code >= 300) return made(r.now, code, "text/html", statusPage(code), added(scope, code));
  return made(r.now, code, scope.defaultType ?? "text/plain", text ?? "", added(scope, code));
}

/** A file of the container as nginx opens it: its own, through a mount, or the image's. */
function openFile(world: KernelWorld, c: Container, path: string): { text: string } | "dir" | "denied" | undefined {
  const fs = netnsOfContainer(c);
  const meta = metaOf(world, fs, path);
  if (meta?.kind === "gone") return undefined;
  if (isDirectory(world, fs, path)) return "dir";
  const at = resolvePath(world, fs, path);
  const m = metaOf(world, at.fs, at.path);
  if (m?.mode !== undefined && !(m.mode & 0o004) && m.kind === undefined) return "denied";
  const text = readFile(world, fs, path);
  if (text !== undefined) return { text };
  if (at.fs !== fs) return undefined;
  const disk = containerImage(c)?.machine.disk;
  const entry = disk && Object.hasOwn(disk.entries, path) ? disk.entries[path]! : undefined;
  if (entry?.startsWith("d")) return "dir";
  if (entry?.startsWith("f")) return { text: Object.hasOwn(disk!.content, path) ? disk!.content[path]! : "" };
  return undefined;
}

let mimeTypes: Record<string, string> | undefined;

function typeOf(conf: NginxConf, scope: Scope, path: string): string {
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase();
  const types = conf.types ?? { html: "text/html", gif: "image/gif", jpg: "image/jpeg" };
  return (ext !== undefined && Object.hasOwn(types, ext) ? types[ext] : undefined) ?? scope.defaultType ?? "text/plain";
}

/** The stock mime.types as a table, for the image's own configuration. */
export function stockTypes(): Record<string, string> {
  if (!mimeTypes) {
    mimeTypes = {};
    for (const m of NGINX_MIME_TYPES.matchAll(/^\s*(\S+\/\S+)\s+([^;]+);/gm))
      for (const ext of m[2]!.trim().split(/\s+/)) mimeTypes[ext] = m[1]!;
  }
  return mimeTypes;
}

function serveFile(
  world: KernelWorld,
  c: Container,
  conf: NginxConf,
  r: SiteRequest,
  scope: Scope,
  uri: string,
  loc: string,
): SiteAnswer["response"] | { error: string; status: number } {
  if (r.req.method !== "GET" && r.req.method !== "HEAD") return { status: 405, error: "" };
  const base =
    scope.alias !== undefined ? scope.alias + uri.slice(loc.length) : (scope.root ?? "/usr/share/nginx/html") + uri;
  let path = base;
  if (uri.endsWith("/")) {
    const index = scope.index ?? ["index.html"];
    const found = index.map((i) => base + i).find((p) => typeof openFile(world, c, p) === "object");
    if (found === undefined) {
      if (openFile(world, c, base.replace(/\/$/, "") || "/") === "dir")
        return { status: 403, error: `directory index of "${base}" is forbidden` };
      return { status: 404, error: `"${base}${index[0]}" is not found (2: No such file or directory)` };
    }
    path = found;
  }
  const file = openFile(world, c, path);
  if (file === "dir") {
    const host = r.req.host.replace(/:\d+$/, "") || "localhost";
    const location = `http://${host}${r.port === 80 ? "" : ":" + r.port}${uri}/`;
    return made(r.now, 301, "text/html", statusPage(301), [`Location: ${location}`, ...added(scope, 301)]);
  }
  if (file === "denied") return { status: 403, error: `open() "${path}" failed (13: Permission denied)` };
  if (file === undefined) return { status: 404, error: `open() "${path}" failed (2: No such file or directory)` };
  const file200 = { text: file.text, type: typeOf(conf, scope, path), size: byteLength(file.text), mtime: EPOCH_MS };
  return fileResponse(r.now, file200, added(scope, 200));
}

/** A file nginx serves whole (ngx_http_static_module): its headers in nginx's order, add_header's before Accept-Ranges. */
export function fileResponse(
  now: number,
  f: { readonly text: string; readonly type: string; readonly size: number; readonly mtime: number },
  extra: readonly string[] = [],
): HttpResponse {
  return {
    version: "HTTP/1.1",
    status: 200,
    reason: "OK",
    headers: [
      "Server: nginx/1.22.1",
      `Date: ${httpDate(now)}`,
      `Content-Type: ${f.type}`,
      `Content-Length: ${f.size}`,
      `Last-Modified: ${httpDate(f.mtime)}`,
      "Connection: keep-alive",
      `ETag: ${etag(f.mtime, f.size)}`,
      ...extra,
      "Accept-Ranges: bytes",
    ],
    body: f.text,
  };
}

/** Where a request goes: its server, the levels that apply, and what the innermost says. */
export function route(conf: NginxConf, r: SiteRequest) {
  const server = serverFor(conf, r.addr, r.port, r.req.host);
  let uri: string;
  try {
    uri = decodeURIComponent(r.req.path.replace(/[?#].*$/, ""));
  } catch {
    uri = r.req.path;
  }
  const locs = server ? locationFor(server.locations, uri) : [];
  const levels: Scope[] = [conf.http, ...(server ? [server] : []), ...locs];
  return { server, uri, locs, levels, scope: effective(levels), inner: locs[locs.length - 1] };
}

/** The answer without a proxy: a `return` (the server's first, then the location's), else a file. */
export function siteAnswer(world: KernelWorld, c: Container, conf: NginxConf, r: SiteRequest): SiteAnswer {
  const { server, uri, scope, inner } = route(conf, r);
  if (!server) return { response: made(r.now, 404, "text/html", statusPage(404)), server };
  const ret = server.ret ?? inner?.ret;
  if (ret) return { response: answerReturn(r, ret, scope, uri, server), server };
  const f = serveFile(world, c, conf, r, scope, uri, inner?.path ?? "/");
  if ("version" in f) return { response: f, server };
  const response = made(r.now, f.status, "text/html", statusPage(f.status));
  return { response, server, ...(f.error ? { error: f.error } : {}) };
}
