/**
 * HTTP as the lab's programs speak it: the request curl 7.88.1 sends, the responses
 * of nginx 1.22.1 (the official image's default server) and of Python's http.server
 * (baidu.com in the lab's internet), byte for byte, with their dates from world.clock.
 */
import { byteLength } from "./packet.ts";

export interface HttpRequest {
  readonly method: "GET" | "HEAD";
  readonly path: string;
  readonly host: string;
  readonly userAgent: string;
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
  return `${r.method} ${r.path} HTTP/1.1\r\nHost: ${r.host}\r\nUser-Agent: ${r.userAgent}\r\nAccept: */*\r\n\r\n`;
}

export function parseRequest(text: string): HttpRequest | undefined {
  const m = /^(GET|HEAD) (\S+) HTTP\/1\.[01]\r\n/.exec(text);
  if (!m) return undefined;
  const host = /\r\nHost: ([^\r]*)\r\n/.exec(text)?.[1] ?? "";
  const userAgent = /\r\nUser-Agent: ([^\r]*)\r\n/.exec(text)?.[1] ?? "-";
  return { method: m[1] as "GET" | "HEAD", path: m[2]!, host, userAgent };
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
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

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

/** Python's BaseHTTPRequestHandler.log_date_time_string: `29/Nov/2026 16:19:06`. */
export function pythonLogDate(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

export const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const NGINX_404 =
  "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

export const BAIDU_PAGE = `<html><meta http-equiv="refresh" content="0;url=http://www.baidu.com/"></html>\n`;

const PYTHON_404 = `<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: 404</p>
        <p>Message: File not found.</p>
        <p>Error code explanation: 404 - Nothing matches the given URI.</p>
    </body>
</html>
`;

const NGINX_WELCOME_SIZE = byteLength(NGINX_WELCOME);

/** When the files were written: the world's first instant (the image's build). */
function etag(mtimeMs: number, size: number): string {
  return `"${Math.floor(mtimeMs / 1000).toString(16)}-${size.toString(16)}"`;
}

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

export function pythonResponse(req: HttpRequest, now: number, mtime: number): HttpResponse {
  const found = req.path === "/" || req.path === "/index.html";
  if (!found) {
    return {
      version: "HTTP/1.0",
      status: 404,
      reason: "File not found",
      headers: [
        "Server: SimpleHTTP/0.6 Python/3.11.7",
        `Date: ${httpDate(now)}`,
        "Connection: close",
        "Content-Type: text/html;charset=utf-8",
        `Content-Length: ${byteLength(PYTHON_404)}`,
      ],
      body: PYTHON_404,
    };
  }
  return {
    version: "HTTP/1.0",
    status: 200,
    reason: "OK",
    headers: [
      "Server: SimpleHTTP/0.6 Python/3.11.7",
      `Date: ${httpDate(now)}`,
      "Content-type: text/html",
      `Content-Length: ${byteLength(BAIDU_PAGE)}`,
      `Last-Modified: ${httpDate(mtime)}`,
    ],
    body: BAIDU_PAGE,
  };
}
