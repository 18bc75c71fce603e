/**
 * baidu.com's web server in the lab's internet: the oracle's Python http.server
 * (SimpleHTTP/0.6, HTTP/1.0) serving the article's one-line redirect page, and the
 * log line it writes for each request (world.logs["baidu.com"], what `@server-log` reads).
 */
import { appendLog, type WalkState } from "../kernel/stack/context.ts";
import { byteLength } from "../kernel/stack/packet.ts";
import { EPOCH_MS } from "../kernel/clock.ts";
import { httpDate, MONTHS, two, type HttpRequest, type HttpResponse } from "./http.ts";

/** Python's BaseHTTPRequestHandler.log_date_time_string: `29/Nov/2026 16:19:06`. */
export function pythonLogDate(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

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

/** send_error's page: code, message and the status's explanation. */
function pythonError(code: number, message: string, explanation: string): string {
  return PYTHON_404.replace("Error code: 404", `Error code: ${code}`)
    .replace("Message: File not found.", `Message: ${message}.`)
    .replace("404 - Nothing matches the given URI.", `${code} - ${explanation}.`);
}

function pythonErrorResponse(status: number, reason: string, body: string, now: number): HttpResponse {
  return {
    version: "HTTP/1.0",
    status,
    reason,
    headers: [
      "Server: SimpleHTTP/0.6 Python/3.11.7",
      `Date: ${httpDate(now)}`,
      "Connection: close",
      "Content-Type: text/html;charset=utf-8",
      `Content-Length: ${byteLength(body)}`,
    ],
    body,
  };
}

export function pythonResponse(req: HttpRequest, now: number, mtime: number): HttpResponse {
  // SimpleHTTPRequestHandler has do_GET and do_HEAD only: other methods get 501.
  if (req.method !== "GET" && req.method !== "HEAD") {
    const message = `Unsupported method ('${req.method}')`;
    const body = pythonError(501, message, "Server does not support this operation");
    return pythonErrorResponse(501, message, body, now);
  }
  const found = req.path === "/" || req.path === "/index.html";
  if (!found) return pythonErrorResponse(404, "File not found", PYTHON_404, now);
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

/** The server answers a request from `client` and logs it under the site's name. */
export function webServe(st: WalkState, site: string, req: HttpRequest, client: string): HttpResponse {
  const now = st.world.clock;
  const r = pythonResponse(req, now, EPOCH_MS);
  const when = pythonLogDate(now);
  const lines = r.status >= 400 ? [`${client} - - [${when}] code ${r.status}, message ${r.reason}`] : [];
  lines.push(`${client} - - [${when}] "${req.method} ${req.path} HTTP/1.1" ${r.status} -`);
  appendLog(st, site, lines);
  return r;
}
