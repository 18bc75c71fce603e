/**
 * The userland programs that answer packets: nginx in a container (the stock welcome
 * page; an access-log line in world.logs[<container id>]), baidu.com's web server
 * (Python's http.server; its log in world.logs["baidu.com"]), the DNS server, and
 * docker-proxy, which accepts on the host and opens a second connection of its own
 * to the container, so the container sees the bridge gateway as its client.
 */
import { EPOCH_MS } from "../../world.ts";
import type { Listener } from "../types.ts";
import { appendLog, type WalkState } from "./context.ts";
import {
  nginxLogDate,
  nginxResponse,
  parseRequest,
  pythonLogDate,
  pythonResponse,
  requestText,
  responseText,
  type HttpRequest,
  type HttpResponse,
} from "./http.ts";
import { byteLength } from "./packet.ts";
import { clientSend, serverSend, tcpClose, tcpConnect, type TcpConn } from "./tcp.ts";

/** The DNS server's zone (the oracle's wan-dns.py). */
export const DNS_RECORDS: Readonly<Record<string, string>> = {
  "baidu.com": "203.0.113.10",
  "www.baidu.com": "203.0.113.10",
  "example.com": "203.0.113.10",
};

export type DnsAnswer = { readonly rcode: "NOERROR"; readonly address?: string } | { readonly rcode: "NXDOMAIN" };

export function dnsAnswer(qtype: "A" | "AAAA", name: string): DnsAnswer {
  const addr = Object.hasOwn(DNS_RECORDS, name.toLowerCase()) ? DNS_RECORDS[name.toLowerCase()] : undefined;
  if (addr === undefined) return { rcode: "NXDOMAIN" };
  return qtype === "A" ? { rcode: "NOERROR", address: addr } : { rcode: "NOERROR" };
}

/** How deep docker-proxies may chain (a proxy whose backend is another proxy). */
const MAX_PROXY_DEPTH = 4;

export type Exchange =
  | { readonly kind: "response"; readonly response: HttpResponse; readonly text: string; readonly conn: TcpConn }
  /** The server closed without answering (curl: Empty reply from server). */
  | { readonly kind: "empty"; readonly conn: TcpConn }
  | { readonly kind: "timeout"; readonly connected: boolean }
  | { readonly kind: "refused" }
  | { readonly kind: "unreachable" }
  | { readonly kind: "no-neighbour" };

function serverResponse(st: WalkState, listener: Listener, req: HttpRequest, client: string): HttpResponse {
  const now = st.world.clock;
  if (listener.app.kind === "nginx") {
    const r = nginxResponse(req, now, EPOCH_MS);
    const size = req.method === "HEAD" ? 0 : byteLength(r.body);
    appendLog(st, listener.app.container, [
      `${client} - - [${nginxLogDate(now)}] "${req.method} ${req.path} HTTP/1.1" ${r.status} ${size} "-" "${req.userAgent}" "-"`,
    ]);
    return r;
  }
  const r = pythonResponse(req, now, EPOCH_MS);
  const when = pythonLogDate(now);
  const lines = r.status === 404 ? [`${client} - - [${when}] code 404, message File not found`] : [];
  lines.push(`${client} - - [${when}] "${req.method} ${req.path} HTTP/1.1" ${r.status} -`);
  appendLog(st, "baidu.com", lines);
  return r;
}

/**
 * One HTTP exchange from a process: connect, send the request, let the server (or
 * docker-proxy, and whatever it reaches) answer, read the response, close.
 */
export function httpExchange(
  st: WalkState,
  netns: string,
  process: string,
  dst: string,
  dport: number,
  req: HttpRequest,
  depth = 0,
): Exchange {
  const c = tcpConnect(st, netns, process, dst, dport);
  if (c.kind !== "connected") return c.kind === "timeout" ? { kind: "timeout", connected: false } : { kind: c.kind };
  const conn = c.conn;
  const app = conn.listener.app;

  // The client sends its request right after the handshake and the kernel acknowledges
  // it; meanwhile docker-proxy accepts and dials the container (the oracle's trace order).
  const text = requestText(req);
  if (!clientSend(st, conn, text, `HTTP ${req.method} ${req.path}`)) return { kind: "timeout", connected: true };

  let backend: TcpConn | undefined;
  if (app.kind === "docker-proxy") {
    const b =
      depth < MAX_PROXY_DEPTH ? tcpConnect(st, conn.serverNs, "docker-proxy", app.toAddr, app.toPort) : undefined;
    if (!b || b.kind !== "connected") {
      tcpClose(st, conn, true);
      return { kind: "empty", conn };
    }
    backend = b.conn;
  }

  let response: HttpResponse | undefined;
  if (backend) {
    const fwd = relay(st, backend, text, depth + 1);
    if (!fwd) {
      tcpClose(st, conn, true);
      return { kind: "empty", conn };
    }
    response = fwd;
  } else if (app.kind === "nginx" || app.kind === "web") {
    const parsed = parseRequest(text) ?? req;
    response = serverResponse(st, conn.listener, parsed, conn.serverView.src);
  }
  if (!response) {
    tcpClose(st, conn, true);
    return { kind: "empty", conn };
  }
  const out = responseText(response, req.method);
  if (!serverSend(st, conn, out, `HTTP ${response.status} ${response.reason}`))
    return { kind: "timeout", connected: true };
  tcpClose(st, conn, response.version === "HTTP/1.0");
  return { kind: "response", response, text: out, conn };
}

/** docker-proxy's second leg: the request goes on to the backend, the answer comes back. */
function relay(st: WalkState, backend: TcpConn, text: string, depth: number): HttpResponse | undefined {
  const req = parseRequest(text);
  if (!req || !clientSend(st, backend, text, `HTTP ${req.method} ${req.path}`)) return undefined;
  const app = backend.listener.app;
  let response: HttpResponse | undefined;
  if (app.kind === "docker-proxy" && depth < MAX_PROXY_DEPTH) {
    const inner = httpExchange(st, backend.serverNs, "docker-proxy", app.toAddr, app.toPort, req, depth);
    response = inner.kind === "response" ? inner.response : undefined;
  } else if (app.kind === "nginx" || app.kind === "web") {
    response = serverResponse(st, backend.listener, req, backend.serverView.src);
  }
  if (!response) {
    tcpClose(st, backend, true);
    return undefined;
  }
  if (!serverSend(st, backend, responseText(response, req.method), `HTTP ${response.status} ${response.reason}`))
    return undefined;
  tcpClose(st, backend, response.version === "HTTP/1.0");
  return response;
}
