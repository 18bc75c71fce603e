/**
 * nginx's proxy_pass: a connection of its own from the container to the address it
 * resolved when it loaded its configuration, an HTTP/1.0 request with `Host:` the
 * upstream as written, and the answer passed back with nginx's Server, Date and
 * Connection in place of the upstream's. A refused or unreachable upstream is a 502; one
 * whose SYNs go unanswered past proxy_connect_timeout is a 504 (the kernel's own give-up,
 * later than nginx's longest wait in practice, is a 502 again).
 */
import { advanceClock, type WalkState } from "../kernel/stack/context.ts";
import { clientSend, SYN_GIVE_UP_MS, tcpClose, tcpConnect } from "../kernel/stack/tcp.ts";
import type { Listener } from "../kernel/types.ts";
import type { Scope, Upstream } from "../machines/images/nginx-conf/model.ts";
import { httpDate, type HttpRequest, type HttpResponse } from "./http.ts";
import { sendResponse } from "./http-send.ts";
import { added, made, statusPage } from "./nginx-site.ts";
import { clientAbandoned, clientHungUp, patienceEnds } from "./client-patience.ts";

/** What answers a request arriving at a listener (servers.ts's serverResponse, passed in). */
export type Answerer = (
  st: WalkState,
  listener: Listener,
  req: HttpRequest,
  client: string,
) => HttpResponse | undefined;

/** How deep proxies may chain through one another (a front proxying to itself would never end). */
const MAX_DEPTH = 4;

const OWN = new Set([
  "server",
  "date",
  "connection",
  "content-type",
  "content-length",
  "keep-alive",
  "transfer-encoding",
]);

/** What nginx logs for a request whose client hung up first (nothing is sent). */
const HUNG_UP: HttpResponse = { version: "HTTP/1.1", status: 499, reason: "", headers: [], body: "" };
/** nginx's default proxy_connect_timeout. */
const CONNECT_TIMEOUT_MS = 60_000;

const ERRNO: Readonly<Record<string, string>> = {
  refused: "111: Connection refused",
  unreachable: "113: No route to host",
  "no-neighbour": "113: No route to host",
  timeout: "110: Connection timed out",
};

/** An error-log message, and the upstream it names when proxy_pass failed. */
export interface LoggedError {
  readonly msg: string;
  readonly upstream?: string;
  /** The log level, when not `error`. */
  readonly level?: "warn";
}

/**
 * What proxy_pass came to: the response, the error nginx logs when it got none from the
 * server it ended on, and what it logged on the way (earlier servers' failures, before;
 * the last server's warning, after).
 */
export interface ProxyResult {
  readonly response: HttpResponse;
  readonly error?: string;
  readonly upstream?: string;
  readonly tried?: readonly LoggedError[];
  readonly after?: readonly LoggedError[];
}

/** The response nginx relays, and the error it logged when it got none. */
export function proxyAnswer(
  st: WalkState,
  netns: string,
  up: Upstream,
  scope: Scope,
  req: HttpRequest,
  uri: string,
  answer: Answerer,
): ProxyResult {
  const now = st.world.clock;
  const target = `http://${up.address}:${up.port}${uri}`;
  const bad = (why: string) => ({
    response: made(now, 502, "text/html", statusPage(502)),
    error: `${why} while connecting to upstream`,
    upstream: target,
  });
  if ((st.relayDepth ?? 0) >= MAX_DEPTH) return bad("connect() failed (111: Connection refused)");
  const waitMs = scope.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const ends = patienceEnds(st);
  const clientWaits = ends === undefined ? Infinity : Math.max(0, ends - now);
  const giveUp = Math.min(waitMs, SYN_GIVE_UP_MS, clientWaits);
  const c = tcpConnect(st, netns, "nginx", up.address, up.port, undefined, giveUp);
  if (c.kind === "timeout" && c.lost) {
    advanceClock(st, giveUp - (c.lost.sentMs ?? 0));
    // The client hung up first: nginx drops the request and logs it as 499, with no error line.
    if (clientWaits < Math.min(waitMs, SYN_GIVE_UP_MS)) {
      clientHungUp(st);
      return { response: HUNG_UP };
    }
    if (waitMs < SYN_GIVE_UP_MS)
      return {
        response: made(st.world.clock, 504, "text/html", statusPage(504)),
        error: "upstream timed out (110: Connection timed out) while connecting to upstream",
        upstream: target,
      };
  }
  if (c.kind !== "connected") return bad(`connect() failed (${ERRNO[c.kind] ?? ERRNO.refused})`);
  const inner: HttpRequest = {
    method: req.method,
    path: uri,
    host: up.host,
    userAgent: req.userAgent,
    version: "HTTP/1.0",
  };
  const text = `${req.method} ${uri} HTTP/1.0\r\nHost: ${up.host}\r\nConnection: close\r\nUser-Agent: ${req.userAgent}\r\nAccept: */*\r\n\r\n`;
  let got: HttpResponse | undefined;
  st.relayDepth = (st.relayDepth ?? 0) + 1;
  try {
    if (clientSend(st, c.conn, text, `HTTP ${req.method} ${uri}`))
      got = answer(st, c.conn.listener, inner, c.conn.serverView.src);
  } finally {
    st.relayDepth = (st.relayDepth ?? 1) - 1;
  }
  if (!got) {
    tcpClose(st, c.conn, true);
    if (clientAbandoned(st)) return { response: HUNG_UP };
    return {
      response: made(now, 502, "text/html", statusPage(502)),
      error: "upstream prematurely closed connection while reading response header from upstream",
      upstream: target,
    };
  }
  sendResponse(st, c.conn, got, req.method);
  tcpClose(st, c.conn, true);
  const header = (name: string) =>
    got.headers.find((h) => h.toLowerCase().startsWith(name + ":"))?.replace(/^[^:]*:\s*/, "");
  const rest = got.headers.filter((h) => !OWN.has(h.replace(/:.*$/, "").toLowerCase()));
  const type = header("content-type");
  const length = header("content-length");
  const headers = [
    "Server: nginx/1.22.1",
    `Date: ${httpDate(st.world.clock)}`,
    ...(type !== undefined ? [`Content-Type: ${type}`] : []),
    // An upstream that gives no length (busybox httpd's error pages) is relayed chunked; a HEAD has no body to chunk.
    ...(length !== undefined
      ? [`Content-Length: ${length}`]
      : req.method === "HEAD"
        ? []
        : ["Transfer-Encoding: chunked"]),
    "Connection: keep-alive",
    ...rest,
    ...added(scope, got.status),
  ];
  return { response: { version: "HTTP/1.1", status: got.status, reason: got.reason, headers, body: got.body } };
}
