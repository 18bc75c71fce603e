/**
 * One HTTP exchange between programs over the simulated kernel: a client (curl)
 * connects, sends its request and reads the answer of whatever listens there — a
 * server (nginx, baidu.com's web server) or docker-proxy, which relays it to its
 * container over a second connection of its own (docker-proxy.ts).
 */
import type { WalkState } from "../kernel/stack/context.ts";
import {
  clientSend,
  serverSend,
  tcpAbort,
  tcpClose,
  tcpConnect,
  tcpHalfClose,
  type ConnectResult,
  type LostSyn,
  type TcpConn,
} from "../kernel/stack/tcp.ts";
import { appendContainerLog } from "../docker/log-lines.ts";
import { dialBackend, relay } from "./docker-proxy.ts";
import { parseRequest, requestText, responseText, serverCloses, type HttpRequest, type HttpResponse } from "./http.ts";
import { sendResponse } from "./http-send.ts";
import { nginxQueue } from "./nginx.ts";
import { served } from "./nc-served.ts";
import { getNs, putNs } from "../kernel/stack/context.ts";
import { serverResponse } from "./servers.ts";
import { clientAbandoned } from "./client-patience.ts";

export type Exchange =
  | {
      readonly kind: "response";
      readonly response: HttpResponse;
      readonly text: string;
      readonly conn: TcpConn;
      /** The connection stays open for the client's next request (Keep's `open`, and a server that keeps it). */
      readonly kept?: boolean;
    }
  /**
   * The server closed without an HTTP answer (curl: Empty reply from server), having sent
   * `raw` first where it sent anything (a plain `nc -l`'s stdin; curl: HTTP/0.9).
   */
  | { readonly kind: "empty"; readonly conn: TcpConn; readonly raw?: string }
  /** The server reset the connection without answering (curl: Recv failure: Connection reset by peer). */
  | { readonly kind: "reset"; readonly conn: TcpConn }
  /** No answer in time; `conn` is the connection the client gives up on (the server's process is frozen). */
  | {
      readonly kind: "timeout";
      readonly connected: boolean;
      readonly conn?: TcpConn;
      readonly backend?: TcpConn;
      /** The SYN nobody answered, which the client's kernel sends again while curl waits. */
      readonly lost?: LostSyn;
      /** The server waited on something else until the client's patience ran out (the clock is there). */
      readonly hungUp?: boolean;
    }
  | { readonly kind: "refused" }
  | { readonly kind: "unreachable" }
  | { readonly kind: "no-neighbour" };

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
  /** The local address the client bound its socket to, if it chose one. */
  bind?: string,
  /** How long the client waits for its handshake (tcpConnect sends the SYN's retransmissions meanwhile). */
  giveUpMs?: number,
  keep: Keep = {},
): Exchange {
  if (keep.reuse) st.sockets.push(keep.reuse.client);
  const c: ConnectResult = keep.reuse
    ? { kind: "connected", conn: keep.reuse }
    : tcpConnect(st, netns, process, dst, dport, bind, giveUpMs);
  if (c.kind !== "connected") {
    if (c.kind !== "timeout") return { kind: c.kind };
    return c.lost ? { kind: "timeout", connected: false, lost: c.lost } : { kind: "timeout", connected: false };
  }
  const conn = c.conn;
  const app = conn.listener.app;

  // The client sends its request right after the handshake and the kernel acknowledges
  // it; meanwhile 26's docker-proxy accepts and dials the container (the oracle's trace order).
  // 28's proxy has dialled and connected before the request comes (5 of 5 traces on the oracle).
  const early =
    app.kind === "docker-proxy" && app.dialsAtAccept ? { backend: dialBackend(st, conn, depth) } : undefined;
  const text = requestText(req);
  if (!clientSend(st, conn, text, `HTTP ${req.method} ${req.path}`)) return { kind: "timeout", connected: true };

  // A paused container's kernel took the request; its frozen server reads it only once thawed.
  // A port dockerd holds without a proxy is the same to a client: the kernel's backlog, nobody reading.
  if (conn.listener.frozen || app.kind === "held") {
    queueIfNginx(conn, text, req, false, st);
    return { kind: "timeout", connected: true, conn };
  }
  let response: HttpResponse | undefined;
  if (app.kind === "docker-proxy") {
    const backend = early ? early.backend : dialBackend(st, conn, depth);
    // The proxy has accepted and holds the client while its own connect() is still retrying.
    if (backend === "dialing") return { kind: "timeout", connected: true, conn };
    if (backend?.listener.frozen) {
      // docker-proxy relays the request and waits with the client; when the client gives
      // up the proxy closes its side of the backend connection too.
      if (clientSend(st, backend, text, `HTTP ${req.method} ${req.path}`)) queueIfNginx(backend, text, req, true, st);
      return { kind: "timeout", connected: true, conn, backend };
    }
    const fwd = backend ? relay(st, backend, text, depth + 1, httpExchange) : undefined;
    if (!fwd && clientAbandoned(st)) return { kind: "timeout", connected: true, conn, hungUp: true };
    if (!fwd) {
      if (!backend && app.onDialFailure === "reset") {
        tcpAbort(st, conn);
        return { kind: "reset", conn };
      }
      tcpClose(st, conn, true);
      return { kind: "empty", conn };
    }
    response = fwd;
  } else {
    response = serverResponse(st, conn.listener, parseRequest(text) ?? req, conn.serverView.src, conn.serverView.sport);
  }
  if (!response && clientAbandoned(st)) return { kind: "timeout", connected: true, conn, hungUp: true };
  if (!response) {
    // busybox `nc -l` run in the background has /dev/null for stdin: it shuts its sending side
    // at once, keeps the request on its stdout, and exits when the client closes (curl: exit 52).
    if (app.kind === "nc") {
      const server = getNs(st, conn.serverNs);
      if (server) putNs(st, served(server, conn.listener, text));
    }
    if (app.kind === "nc-exec" && app.prog.length === 0) return ncOnce(st, conn, text);
    tcpClose(st, conn, true);
    return { kind: "empty", conn };
  }
  const out = responseText(response, req.method);
  // docker-proxy copies what it has read from the container: to a client over lo the headers
  // and the page leave in one segment (4 of 4 on the oracle); over a bridge the two race, and
  // the oracle showed both ways (1 of 2 joined), so they stay two there, as nginx sent them.
  const whole = app.kind === "docker-proxy" && conn.clientNs === conn.serverNs;
  if (!sendResponse(st, conn, response, req.method, whole)) return { kind: "timeout", connected: true };
  // A server that says it closes (HTTP/1.0, or `Connection: close`) sends its FIN first.
  // docker-proxy's own connection to its container is not kept, so neither is the client's.
  if (keep.open && !serverCloses(response) && app.kind !== "docker-proxy")
    return { kind: "response", response, text: out, conn, kept: true };
  tcpClose(st, conn, serverCloses(response));
  return { kind: "response", response, text: out, conn };
}

/** A client's connection cache (curl's, across the URLs of one run). */
export interface Keep {
  /** A connection kept from the client's last exchange with this server: no handshake, the request goes on it. */
  readonly reuse?: TcpConn;
  /** Keep the connection open after an answer if the server does (the client has more to ask). */
  readonly open?: boolean;
}

/** The client closes a connection it kept, first (curl at exit). */
export function closeKept(st: WalkState, conn: TcpConn): void {
  st.sockets.push(conn.client);
  tcpClose(st, conn);
}

/**
 * The client gives up on a connection nobody answers (a paused container): it closes its
 * end, and docker-proxy, when it stood between, closes its end towards the container.
 */
export function abandon(st: WalkState, conn: TcpConn, backend?: TcpConn): void {
  tcpHalfClose(st, conn);
  // docker-proxy half-closes towards the container and keeps the client's side open
  // while it waits on the container (the oracle's conntrack: both in CLOSE_WAIT).
  if (backend) tcpHalfClose(st, backend);
}

/**
 * A container's plain `nc -l -p PORT` (its main process): the request goes to its stdout,
 * the container's log; it sends what its stdin held, shuts its side as that stdin ends,
 * and exits once its one client has closed, leaving its container to exit 0 (docker/exits.ts).
 */
function ncOnce(st: WalkState, conn: TcpConn, text: string): Exchange {
  const app = conn.listener.app;
  if (app.kind !== "nc-exec") return { kind: "empty", conn };
  appendContainerLog(st, app.container, text.replace(/\n$/, "").split("\n"));
  const raw = app.reply ?? "";
  if (raw !== "") serverSend(st, conn, raw, "data");
  tcpClose(st, conn, true);
  const server = getNs(st, conn.serverNs);
  if (server && app.once) putNs(st, { ...server, listeners: server.listeners.filter((l) => l !== conn.listener) });
  return raw !== "" ? { kind: "empty", conn, raw } : { kind: "empty", conn };
}

function queueIfNginx(conn: TcpConn, text: string, req: HttpRequest, open: boolean, st: WalkState): void {
  const app = conn.listener.app;
  if (app.kind === "nginx") nginxQueue(st, app.container, parseRequest(text) ?? req, conn.serverView.src, open);
}
