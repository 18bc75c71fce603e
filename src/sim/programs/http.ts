/**
 * HTTP as the lab's programs speak it: the request curl 7.88.1 sends, responses as
 * text, and the dates servers stamp them with (from world.clock). The servers
 * themselves are nginx.ts and web-server.ts.
 */

export interface HttpRequest {
  /** GET and HEAD are what the servers serve; curl -X and -d send others (POST, DELETE...). */
  readonly method: string;
  readonly path: string;
  readonly host: string;
  readonly userAgent: string;
  /** The header lines exactly as the client sends them, when it says more than curl's three. */
  readonly lines?: readonly string[];
  /** What follows the header (curl -d), its length in a Content-Length line. */
  readonly body?: string;
  /** The client asks the server to close after answering (HTTP/1.0, or `Connection: close`: busybox wget). */
  readonly close?: boolean;
  /** The request line's protocol when it is not HTTP/1.1: nginx's proxy_pass, curl -0, or a request typed by hand on `/dev/tcp`. */
  readonly version?: "HTTP/1.0";
  /** Its Range header's value (curl -r), as a server reads it back from the request. */
  readonly range?: string;
  /** Its Content-Length header's value, as a server reads it back from the request. */
  readonly contentLength?: string;
  /** Its Referer and Authorization headers' values (curl -e, -u), as a server reads them back. */
  readonly referer?: string;
  readonly authorization?: string;
}

/** nginx's `$remote_user`: the user of a Basic Authorization header, "" without one. */
export function remoteUser(req: HttpRequest): string {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.authorization ?? "");
  if (!m) return "";
  const text = latin1FromBase64(m[1]!);
  const colon = text.indexOf(":");
  return colon < 0 ? "" : text.slice(0, colon);
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Base64's bytes, one character each ("" for what is not base64). */
function latin1FromBase64(text: string): string {
  let out = "";
  let bits = 0;
  let acc = 0;
  for (const ch of text.replace(/=+$/, "")) {
    const i = B64.indexOf(ch);
    if (i < 0) return "";
    acc = ((acc << 6) | i) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}

/** The request line's protocol, as a server logs it (`$server_protocol`). */
export function requestProtocol(req: HttpRequest): string {
  return req.version ?? "HTTP/1.1";
}

export interface HttpResponse {
  readonly version: "HTTP/1.1" | "HTTP/1.0";
  readonly status: number;
  readonly reason: string;
  /** Header lines without CRLF, in the order the server sends them. */
  readonly headers: readonly string[];
  readonly body: string;
}

export function requestText(r: HttpRequest): string {
  const v = requestProtocol(r);
  if (r.lines) return `${r.method} ${r.path} ${v}\r\n${r.lines.map((l) => l + "\r\n").join("")}\r\n${r.body ?? ""}`;
  const close = r.close ? "Connection: close\r\n" : "";
  return `${r.method} ${r.path} ${v}\r\nHost: ${r.host}\r\nUser-Agent: ${r.userAgent}\r\nAccept: */*\r\n${close}\r\n`;
}

export function parseRequest(text: string): HttpRequest | undefined {
  const m = /^([A-Z]+) (\S+) HTTP\/1\.([01])\r\n/.exec(text);
  if (!m) return undefined;
  const host = /\r\nHost: ([^\r]*)\r\n/.exec(text)?.[1] ?? "";
  const userAgent = /\r\nUser-Agent: ([^\r]*)\r\n/.exec(text)?.[1] ?? "-";
  const connection = /\r\nConnection: *([^\r]*)\r\n/i.exec(text)?.[1]?.toLowerCase();
  // HTTP/1.0 closes unless it asks to keep the connection; 1.1 keeps it unless it asks to close.
  const close = connection === "close" || (m[3] === "0" && connection !== "keep-alive");
  const range = /\r\nRange: *([^\r]*)\r\n/i.exec(text)?.[1];
  const contentLength = /\r\nContent-Length: *([^\r]*)\r\n/i.exec(text)?.[1];
  const referer = /\r\nReferer: *([^\r]*)\r\n/i.exec(text)?.[1];
  const authorization = /\r\nAuthorization: *([^\r]*)\r\n/i.exec(text)?.[1];
  return {
    method: m[1]!,
    path: m[2]!,
    host,
    userAgent,
    ...(close ? { close } : {}),
    ...(m[3] === "0" ? { version: "HTTP/1.0" as const } : {}),
    ...(range !== undefined ? { range } : {}),
    ...(contentLength !== undefined ? { contentLength } : {}),
    ...(referer !== undefined ? { referer } : {}),
    ...(authorization !== undefined ? { authorization } : {}),
  };
}

/** Whether a server closes first after sending `r`: it said HTTP/1.0, or `Connection: close` because the request asked. */
export function serverCloses(r: HttpResponse): boolean {
  return r.version === "HTTP/1.0" || r.headers.includes("Connection: close");
}

export function headText(r: HttpResponse): string {
  let text = `${r.version} ${r.status} ${r.reason}\r\n`;
  for (const h of r.headers) text += h + "\r\n";
  return text + "\r\n";
}

export function responseText(r: HttpResponse, method: HttpRequest["method"]): string {
  return headText(r) + (method === "HEAD" ? "" : r.body);
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
export const two = (n: number) => String(n).padStart(2, "0");

const httpDates = new Map<number, string>();

/** `Sun, 29 Nov 2026 16:44:09 GMT` (RFC 7231 IMF-fixdate); kept per instant, as every response asks for two. */
export function httpDate(ms: number): string {
  let text = httpDates.get(ms);
  if (text === undefined) {
    if (httpDates.size > 1000) httpDates.clear();
    httpDates.set(ms, (text = formatHttpDate(ms)));
  }
  return text;
}

function formatHttpDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

/** When the files were written: the world's first instant (the image's build). */
export function etag(mtimeMs: number, size: number): string {
  return `"${Math.floor(mtimeMs / 1000).toString(16)}-${size.toString(16)}"`;
}
