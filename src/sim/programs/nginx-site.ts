/**
 * nginx answering with a configuration of the learner's own (docker/nginx-conf.ts loads it):
 * the server a connection's port and Host pick, the location its URI falls in, then that
 * level's `return`, its `proxy_pass` (nginx-proxy.ts), or a file under its root; headers
 * in the order nginx 1.22.1 writes them, add_header's only on the statuses it allows.
 */
import { byteLength } from "../kernel/stack/packet.ts";
import { metaOf } from "../kernel/file-meta.ts";
import { isDirectory, readFile } from "../kernel/files.ts";
import { resolvePath } from "../kernel/mounts.ts";
import type { KernelWorld } from "../kernel/types.ts";
import { containerImage } from "../machines/images/index.ts";
import { type NginxConf, type NginxServer, type Scope } from "../machines/images/nginx-conf/model.ts";
import { NGINX_MIME_TYPES } from "../machines/nginx-mime-types.ts";
import { netnsOfContainer } from "../docker/shared-netns.ts";
import type { Container } from "../docker/types.ts";
import { etag, httpDate, type HttpRequest, type HttpResponse } from "./http.ts";

const REASONS: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  206: "Partial Content",
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
  406: "Not Acceptable",
  408: "Request Time-out",
  409: "Conflict",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Request Entity Too Large",
  414: "Request-URI Too Large",
  415: "Unsupported Media Type",
  416: "Requested Range Not Satisfiable",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Temporarily Unavailable",
  504: "Gateway Time-out",
};

/** The statuses add_header adds to (without `always`). */
const WITH_HEADERS = new Set([200, 201, 204, 206, 301, 302, 303, 304, 307, 308]);

export function reasonOf(status: number): string {
  return REASONS[status] ?? "";
}

/** Where nginx's page titles a status otherwise than its status line does. */
const TITLES: Readonly<Record<number, string>> = { 302: "Found", 401: "Authorization Required" };

/** Whether nginx has a page of its own for a status (it sends an empty body for the rest). */
export function hasPage(status: number): boolean {
  return status >= 300 && status !== 304 && (Object.hasOwn(REASONS, status) || Object.hasOwn(TITLES, status));
}

/** nginx's own page for a status. */
export function statusPage(status: number): string {
  const s = `${status} ${Object.hasOwn(TITLES, status) ? TITLES[status] : reasonOf(status)}`;
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
  opts: { readonly close?: boolean; readonly locationLast?: boolean } = {},
): HttpResponse {
  // A Location nginx made absolute itself comes before Connection; one given whole stays among the others.
  const first = opts.locationLast ? [] : extra.filter((h) => h.startsWith("Location:"));
  const headers = [
    "Server: nginx/1.22.1",
    `Date: ${httpDate(now)}`,
    ...(status === 204
      ? []
      : [...(type !== "" ? [`Content-Type: ${type}`] : []), `Content-Length: ${byteLength(body)}`]),
    ...first,
    `Connection: ${opts.close ? "close" : "keep-alive"}`,
    ...extra.filter((h) => !first.includes(h)),
  ];
  return { version: "HTTP/1.1", status, reason: reasonOf(status), headers, body };
}

export function added(scope: Scope, status: number): string[] {
  return (scope.headers ?? [])
    .filter(([, , always]) => always || WITH_HEADERS.has(status))
    .map(([k, v]) => `${k}: ${v}`);
}

/** A file of the container as nginx opens it: its own, through a mount, or the image's. */
export function openFile(
  world: KernelWorld,
  c: Container,
  path: string,
): { text: string } | "dir" | "denied" | undefined {
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

export function typeOf(conf: NginxConf, scope: Scope, path: string): string {
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase();
  const types = scope.types ?? conf.types ?? { html: "text/html", gif: "image/gif", jpg: "image/jpeg" };
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

/** A file nginx serves whole (ngx_http_static_module): its headers in nginx's order, add_header's before Accept-Ranges. */
export function fileResponse(
  now: number,
  f: { readonly text: string; readonly type: string; readonly size: number; readonly mtime: number },
  extra: readonly string[] = [],
  status = 200,
): HttpResponse {
  // Served as an error page, a file keeps its ETag but loses Last-Modified and Accept-Ranges.
  const ok = status === 200;
  return {
    version: "HTTP/1.1",
    status,
    reason: reasonOf(status),
    headers: [
      "Server: nginx/1.22.1",
      `Date: ${httpDate(now)}`,
      `Content-Type: ${f.type}`,
      `Content-Length: ${f.size}`,
      ...(ok ? [`Last-Modified: ${httpDate(f.mtime)}`] : []),
      "Connection: keep-alive",
      `ETag: ${etag(f.mtime, f.size)}`,
      ...extra,
      ...(ok ? ["Accept-Ranges: bytes"] : []),
    ],
    body: f.text,
  };
}
